package jp.onplanetz.privacy.runtime.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes the outbox to Kafka, oldest first, and marks events published only after the broker has
 * acknowledged them ({@code acks=all}, idempotent producer). A broker outage leaves the events in the
 * outbox, to be sent when it is back; a relay that dies between sending and marking sends them again on
 * its next run, which is why consumers deduplicate by the CloudEvents id (at least once, in order per key).
 *
 * <p>One relay at a time per database: a transaction-scoped advisory lock makes the other replicas of
 * the service skip their turn, so that two relays never race and reorder one subject's events.
 *
 * <p>It runs on one thread of its own. A commit that wrote events wakes it at once; a scheduled tick is
 * the safety net for events written by another replica or left by a failed batch.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Advisory lock key shared by every replica of a service (its own database: no clash across services). */
    private static final long RELAY_LOCK = 0x6f7574626f78L; // "outbox"
    private static final String SELECT_BATCH = """
            select seq, id, topic, record_key, ce_type, ce_source, ce_subject, ce_time, ce_dataschema, payload
            from outbox_event where published_at is null order by seq limit ?""";

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Map<String, Object> kafkaConfig;
    private final Counter published;
    private final Counter failedBatches;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private volatile boolean running;
    private KafkaProducer<String, String> producer;
    private long backoffMs;
    private long nextAttemptAtMs;

    public OutboxRelay(DataSource dataSource, OutboxConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.published = meters.counter("privacyops.outbox.published");
        this.failedBatches = meters.counter("privacyops.outbox.failed.batches");
        meters.gauge("privacyops.outbox.pending", this, OutboxRelay::pendingOrNaN);
    }

    void onStart(@Observes StartupEvent start) {
        running = config.relayEnabled();
        wakeUp();
    }

    void onStop(@Observes ShutdownEvent stop) {
        running = false;
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeProducer();
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.OutboxWritten written) {
        wakeUp();
    }

    @Scheduled(every = "${privacyops.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        wakeUp();
    }

    @Scheduled(every = "1h", delayed = "1m")
    void purgePublished() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from outbox_event where published_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(config.keepPublished())));
            int n = ps.executeUpdate();
            if (n > 0) {
                Log.infof("purged %d published outbox events", n);
            }
        } catch (SQLException e) {
            Log.warn("could not purge published outbox events", e);
        }
    }

    /** Asks the relay thread for a pass; many wake-ups while one is pending collapse into one. */
    public void wakeUp() {
        if (running && wakeUpPending.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                wakeUpPending.set(false);
            }
        }
    }

    private void drain() {
        wakeUpPending.set(false);
        // Shutting down: the datasource may already be closing; what is unsent stays for the next start.
        if (!running || System.currentTimeMillis() < nextAttemptAtMs) {
            return;
        }
        try {
            int sent;
            do {
                sent = relayOneBatch();
            } while (running && sent == config.batchSize());
            backoffMs = 0;
        } catch (Exception e) {
            failedBatches.increment();
            closeProducer(); // a fresh producer after any failure: no state of a broken session survives
            backoffMs = backoffMs == 0 ? config.initialBackoff().toMillis()
                    : Math.min(backoffMs * 2, config.maxBackoff().toMillis());
            nextAttemptAtMs = System.currentTimeMillis() + backoffMs;
            Log.warnf("outbox relay: batch not published (%s); retrying in %d ms", e.toString(), backoffMs);
        }
    }

    /** @return how many events were published (0 when another replica holds the relay lock) */
    int relayOneBatch() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryRelayLock(c)) {
                    c.rollback();
                    return 0;
                }
                List<Row> batch = readBatch(c);
                if (batch.isEmpty()) {
                    c.commit();
                    return 0;
                }
                List<Long> acknowledged = send(batch);
                markPublished(c, acknowledged);
                c.commit();
                published.increment(acknowledged.size());
                if (acknowledged.size() < batch.size()) {
                    throw new IllegalStateException((batch.size() - acknowledged.size()) + " events not acknowledged");
                }
                return acknowledged.size();
            } catch (Exception e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private boolean tryRelayLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, RELAY_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private List<Row> readBatch(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_BATCH)) {
            ps.setInt(1, config.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9),
                            rs.getString(10)));
                }
            }
        }
        return rows;
    }

    /**
     * Sends the batch and waits for the acknowledgements.
     *
     * @return the seqs acknowledged, as the longest acknowledged prefix of the batch: an event after a
     *         failed one stays unmarked too, so that a retry resends it after the failed one, in order
     */
    private List<Long> send(List<Row> batch) throws InterruptedException {
        KafkaProducer<String, String> p = producer();
        // Metadata first, for every topic of the batch: send() waits for a topic's metadata and, when it does not
        // come in time, fails that one record and goes on. Just after the broker comes back, the first record
        // of a batch could then fail while the next ones find the broker up and are written: one subject's
        // events out of order. Asking here throws before anything is sent, and the whole batch waits.
        for (String topic : batch.stream().map(Row::topic).distinct().toList()) {
            p.partitionsFor(topic);
        }
        List<Future<RecordMetadata>> futures = new ArrayList<>(batch.size());
        for (Row r : batch) {
            futures.add(p.send(r.toRecord()));
        }
        p.flush();
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        List<Long> acknowledged = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            try {
                futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(batch.get(i).seq());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Log.debugf("outbox event %s not acknowledged: %s", batch.get(i).id(), e);
                break;
            }
        }
        return acknowledged;
    }

    private static void markPublished(Connection c, List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update outbox_event set published_at = now() where seq = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
            ps.executeUpdate();
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerSettings(kafkaConfig, config.service(), config.sendTimeout()));
        }
        return producer;
    }

    /**
     * The relay's producer settings: every event acknowledged by all in-sync replicas, idempotent (a retried send is
     * not a second record), in order per key. Public so that the deployment's proof of the Kafka users' ACLs
     * (module deploy) produces exactly as the relay does.
     *
     * @param kafkaConfig the service's {@code kafka.*} settings: the broker address and any TLS/SASL settings
     */
    public static Map<String, Object> producerSettings(Map<String, Object> kafkaConfig, String service,
            java.time.Duration sendTimeout) {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(10_000, sendTimeout.toMillis()));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(10_000, sendTimeout.toMillis()));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-outbox-relay");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(java.time.Duration.ofSeconds(2));
            } catch (Exception e) {
                Log.debug("closing outbox producer", e);
            }
            producer = null;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            Log.debug("rollback after failed outbox batch", e);
        }
    }

    /** Unpublished events, for the gauge; NaN when the database cannot be asked. */
    double pendingOrNaN() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from outbox_event where published_at is null");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return Double.NaN;
        }
    }

    private record Row(long seq, String id, String topic, String key, String type, String source, String subject,
            Instant time, String dataSchema, String payload) {

        ProducerRecord<String, String> toRecord() {
            return CloudEventRecords.of(topic, key, id, source, type, subject, time, dataSchema, payload);
        }
    }
}
