package jp.onplanetz.privacy.analytics.events;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jp.onplanetz.privacy.analytics.UsageEvent;
import jp.onplanetz.privacy.analytics.config.AnalyticsConfig;
import jp.onplanetz.privacy.analytics.service.ContributionCounter;
import jp.onplanetz.privacy.analytics.service.IngestService;
import jp.onplanetz.privacy.analytics.service.UsageIngestOffsets;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka door: a plain consumer of the usage topic whose consumed offsets are stored in PostgreSQL in the same
 * transaction as the rows they produced, in two stages that overlap:
 * <ol>
 * <li>the poll thread reads up to {@code max-batch} records and prepares them, with no database work: each record
 * checked ({@link UsageEventReader}; a bad one becomes a dead letter with the reason), pseudonymised and generalised
 * ({@link IngestService#prepare});</li>
 * <li>one database thread stores the previous batch meanwhile: its dead letters sent and acknowledged, then one
 * transaction that moves the offsets on (fenced by the partition's epoch), decides on consent and stores the kept
 * rows ({@link IngestService#ingestDelivered}). After the commit the poll thread commits the same offsets to Kafka,
 * for lag tools: PostgreSQL is the truth.</li>
 * </ol>
 * At most one batch waits for the database (a hand-off of depth 1), and batches are stored in the order they were
 * read, so each partition's order is kept. A failure of the database or the broker retries the same batch with a
 * growing wait until it goes through: nothing is skipped. On assignment the door claims each partition (its epoch
 * goes up, which fences a door that held it before and did not notice losing it) and goes on from the stored offset;
 * on revocation it first waits for the batch in flight. A batch of a partition that another door has claimed since is
 * rolled back and dropped: the new owner reads it again from the stored offset.
 */
public final class UsageDoor implements ConsumerRebalanceListener {

    /**
     * What health checks read: whether the door runs, and why it cannot make progress if it cannot (the failure's
     * class only: the health endpoint needs no token, and a database error's message can quote a row), and how many
     * batches were refused because another door had claimed a partition of theirs since.
     */
    public record Status(boolean running, boolean died, String stalledBecause, long fencedBatches) {
    }

    /** One prepared record: stored if consented, or a dead letter. */
    private record Prepared(TopicPartition partition, IngestService.Prepared event, ProducerRecord<String, String> deadLetter) {
    }

    /** A prepared batch, with how far it reaches in each partition and the epoch each was read under. */
    private record Batch(List<Prepared> records, Map<TopicPartition, UsageIngestOffsets.Consumed> consumed) {

        Batch without(Collection<TopicPartition> fenced) {
            Map<TopicPartition, UsageIngestOffsets.Consumed> rest = new LinkedHashMap<>(consumed);
            rest.keySet().removeAll(fenced);
            return new Batch(records.stream().filter(r -> !fenced.contains(r.partition())).toList(), rest);
        }

        boolean isEmpty() {
            return consumed.isEmpty();
        }
    }

    /** What became of a batch: the offsets committed with it, and the partitions found to be another door's. */
    private record Stored(Map<TopicPartition, OffsetAndMetadata> committed, Set<TopicPartition> fenced) {
    }

    /** What every door of the application works with, whatever its settings. */
    record Parts(Map<String, Object> kafkaConfig, UsageEventReader reader, DeadLetterSender deadLetters,
            IngestService ingest, UsageIngestOffsets offsets) {
    }

    private final AnalyticsConfig.Door settings;
    private final Parts parts;

    private final Map<TopicPartition, Long> epochs = new HashMap<>();
    private final Set<TopicPartition> fenced = new HashSet<>();
    private final ExecutorService database;
    private final Thread poller;
    private KafkaConsumer<String, String> consumer;
    private Future<Stored> inFlight;
    private volatile boolean running;
    private volatile boolean died;
    private volatile String stalledBecause;
    private final AtomicLong fencedBatches = new AtomicLong();

    UsageDoor(AnalyticsConfig.Door settings, Parts parts) {
        this.settings = settings;
        this.parts = parts;
        this.database = Executors.newSingleThreadExecutor(r -> new Thread(r, "usage-door-store " + settings.topic()));
        this.poller = new Thread(this::run, "usage-door-poll " + settings.topic());
    }

    public void start() {
        running = true;
        poller.start();
    }

    /** Stops after the batch in flight (a batch still being retried is given up: it is read again on the next start). */
    public void stop() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            poller.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.shutdownNow();
    }

    public Status status() {
        return new Status(running && poller.isAlive(), died, stalledBecause, fencedBatches.get());
    }

    private void run() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerConfig())) {
            consumer = c;
            c.subscribe(List.of(settings.topic()), this);
            while (running) {
                ConsumerRecords<String, String> records = c.poll(settings.pollTimeout());
                if (!records.isEmpty()) {
                    Batch prepared = prepare(records);
                    finishInFlight();
                    Batch next = prepared.without(fenced);
                    if (!next.isEmpty()) {
                        inFlight = database.submit(() -> store(next));
                    }
                } else if (inFlight != null && inFlight.isDone()) {
                    finishInFlight();
                }
            }
            finishInFlight();
        } catch (WakeupException stopping) {
            if (running) {
                died(stopping);
            }
        } catch (RuntimeException | Error e) {
            died(e);
        }
    }

    private void died(Throwable e) {
        died = true;
        Log.errorf(e, "the Kafka door of %s stopped", settings.topic());
    }

    private Map<String, Object> consumerConfig() {
        // the broker settings every client of the service shares (production's security among them), then the door's
        Map<String, Object> props = new HashMap<>(parts.kafkaConfig());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "analytics-gateway-door-" + settings.groupId());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    /** Stage 1, on the poll thread. */
    private Batch prepare(ConsumerRecords<String, String> records) {
        List<Prepared> prepared = new ArrayList<>(records.count());
        Map<TopicPartition, UsageIngestOffsets.Consumed> consumed = new LinkedHashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, String>> ofPartition = records.records(partition);
            for (ConsumerRecord<String, String> record : ofPartition) {
                try {
                    prepared.add(new Prepared(partition, parts.ingest().prepare(parts.reader().read(record)), null));
                } catch (PoisonEventException poison) {
                    prepared.add(new Prepared(partition, null, DeadLetterSender.deadLetter(record, poison.getMessage())));
                }
            }
            consumed.put(partition, new UsageIngestOffsets.Consumed(partition.topic(), partition.partition(),
                    epochs.get(partition), ofPartition.get(ofPartition.size() - 1).offset() + 1));
        }
        return new Batch(prepared, consumed);
    }

    /** Stage 2, on the database thread: retried until it goes through, is fenced, or the door stops. */
    private Stored store(Batch batch) throws InterruptedException {
        Set<TopicPartition> fencedNow = new HashSet<>();
        Duration wait = settings.retryBackoff();
        while (true) {
            Batch b = batch.without(fencedNow);
            if (b.isEmpty()) {
                return new Stored(Map.of(), fencedNow);
            }
            try {
                parts.deadLetters().sendAll(b.records().stream().filter(r -> r.deadLetter() != null)
                        .map(Prepared::deadLetter).toList());
                List<IngestService.Prepared> events = b.records().stream().filter(r -> r.event() != null)
                        .map(Prepared::event).toList();
                QuarkusTransaction.requiringNew().run(
                        () -> parts.ingest().ingestDelivered(events, List.copyOf(b.consumed().values())));
                stalledBecause = null;
                Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
                b.consumed().forEach((p, c) -> committed.put(p, new OffsetAndMetadata(c.nextOffset())));
                return new Stored(committed, fencedNow);
            } catch (RuntimeException e) {
                if (causeOf(e, ContributionCounter.ConcurrentCountingException.class) != null) {
                    // rolled back; the next try reads the other transaction's committed counting state
                    continue;
                }
                UsageIngestOffsets.Fenced f = causeOf(e, UsageIngestOffsets.Fenced.class);
                if (f != null) {
                    fencedBatches.incrementAndGet();
                    f.partitions().forEach(c -> fencedNow.add(new TopicPartition(c.topic(), c.partition())));
                    Log.warnf("%s: dropped what the batch read of those partitions", f.getMessage());
                    continue;
                }
                if (!running) {
                    return new Stored(Map.of(), fencedNow);
                }
                stalledBecause = e.getClass().getName();
                Log.warnf(e, "the Kafka door could not store a batch; trying it again in %s", wait);
                Thread.sleep(wait.toMillis());
                wait = longer(wait);
            }
        }
    }

    /** The next wait after a failure: twice the last, at most {@code retry-backoff-max}. */
    private Duration longer(Duration wait) {
        Duration twice = wait.multipliedBy(2);
        return twice.compareTo(settings.retryBackoffMax()) > 0 ? settings.retryBackoffMax() : twice;
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** On the poll thread: waits for the batch in flight, commits its offsets to Kafka, stops reading fenced partitions. */
    private void finishInFlight() {
        if (inFlight == null) {
            return;
        }
        Stored stored;
        try {
            stored = inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a batch was being stored", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the door's database thread failed", e.getCause());
        } finally {
            inFlight = null;
        }
        if (!stored.fenced().isEmpty()) {
            fenced.addAll(stored.fenced());
            Set<TopicPartition> stillAssigned = new HashSet<>(stored.fenced());
            stillAssigned.retainAll(consumer.assignment());
            consumer.pause(stillAssigned);
        }
        if (!stored.committed().isEmpty()) {
            consumer.commitAsync(stored.committed(), (committed, failure) -> {
                if (failure != null) {
                    // PostgreSQL holds the truth; Kafka's copy only feeds lag tools and catches up with the next batch
                    Log.debugf("the door's offsets did not reach Kafka: %s", failure);
                }
            });
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        finishInFlight();
        partitions.forEach(epochs::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        // another door may have them already: the batch in flight is then fenced, or committed before the claim
        onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Integer, UsageIngestOffsets.Assigned> claimed = claim(partitions);
        for (TopicPartition p : partitions) {
            UsageIngestOffsets.Assigned a = claimed.get(p.partition());
            epochs.put(p, a.epoch());
            fenced.remove(p);
            a.nextOffset().ifPresent(next -> consumer.seek(p, next));
        }
        consumer.resume(partitions);
    }

    /** Claims the partitions, waiting out a database outage like a batch does. */
    private Map<Integer, UsageIngestOffsets.Assigned> claim(Collection<TopicPartition> partitions) {
        Duration wait = settings.retryBackoff();
        while (true) {
            try {
                Map<Integer, UsageIngestOffsets.Assigned> claimed = parts.offsets().claim(settings.topic(),
                        partitions.stream().map(TopicPartition::partition).toList());
                stalledBecause = null;
                return claimed;
            } catch (RuntimeException e) {
                if (!running) {
                    throw e;
                }
                stalledBecause = e.getClass().getName();
                Log.warnf(e, "the Kafka door could not claim %s; trying again in %s", partitions, wait);
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
                wait = longer(wait);
            }
        }
    }
}
