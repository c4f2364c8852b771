package jp.onplanetz.privacy.consent.events;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jp.onplanetz.privacy.consent.decision.ConsentProjection;
import jp.onplanetz.privacy.consent.decision.ConsentState;
import jp.onplanetz.privacy.consent.service.PolicyService;
import jp.onplanetz.privacy.consent.service.ProjectionLoader;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.payload.ConsentGranted;
import jp.onplanetz.privacy.runtime.inbox.EventIntake;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps this replica's decision projection current from the consent and policy topics. Every replica reads
 * every partition itself (no consumer group: a group would share the changes out among the replicas, and
 * each needs all of them). At start, and after any failure, it takes the topics' end offsets first, then
 * loads the database's state, then follows the topics from those offsets: an event committed after the
 * snapshot is always read, one already in it is applied again harmlessly (states only move forward).
 */
@ApplicationScoped
public class ConsentEventsFollower {

    private static final List<String> TOPICS = List.of(EventCatalogue.CONSENT_TOPIC, EventCatalogue.POLICY_TOPIC);

    private final ConsentProjection projection;
    private final ProjectionLoader loader;
    private final PolicyService policies;
    private final Map<String, Object> kafkaConfig;
    private final EventIntake intake;
    private final EventIntake.Handlers handlers;
    private final String service;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public ConsentEventsFollower(ConsentProjection projection, ProjectionLoader loader, PolicyService policies,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, EventIntake intake,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.projection = projection;
        this.loader = loader;
        this.policies = policies;
        this.kafkaConfig = kafkaConfig;
        this.intake = intake;
        this.service = service;
        this.handlers = EventIntake.handlers()
                .on(EventCatalogue.CONSENT_GRANTED, (granted, event) -> granted(granted))
                .on(EventCatalogue.CONSENT_WITHDRAWN, (w, event) -> projection.apply(state(w.consentId(), w.subjectId(),
                        w.purpose(), w.recipient(), ConsentState.State.WITHDRAWN, null, List.of(), null)))
                .on(EventCatalogue.CONSENT_RECONSENT_REQUIRED, (r, event) -> projection.apply(state(r.consentId(),
                        r.subjectId(), r.purpose(), r.recipient(), ConsentState.State.RECONSENT_REQUIRED,
                        r.policyVersion(), List.of(), null)))
                .on(EventCatalogue.POLICY_VERSION_PUBLISHED, (published, event) -> loader.refreshPolicy());
    }

    void onStart(@Observes StartupEvent start) {
        thread = new Thread(this::run, "decision-projection-follower");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent stop) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(5000);
        }
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try (KafkaConsumer<String, String> c = newConsumer()) {
                consumer = c;
                policies.publishFirstVersionIfNone();
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : TOPICS) {
                    c.partitionsFor(topic, Duration.ofSeconds(10))
                            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
                c.assign(partitions);
                Map<TopicPartition, Long> ends = c.endOffsets(partitions, Duration.ofSeconds(10));
                ends.forEach(c::seek);
                int loaded = loader.loadAll();
                projection.markLoaded();
                Log.infof("decision projection loaded: %d consents; following %s", loaded, TOPICS);
                backoff = Duration.ofMillis(200);
                while (running) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                        apply(r);
                    }
                }
            } catch (WakeupException e) {
                // shutting down
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                Log.warnf("decision projection follower failed (%s); reloading in %d ms", e.toString(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            } finally {
                consumer = null;
            }
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        try {
            intake.dispatch(record, handlers);
        } catch (PoisonEventException e) {
            // We are the producer of these topics; a poison record here is a bug, logged, never decided on.
            Log.errorf("unreadable record %s-%d@%d ignored by the decision projection: %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }

    private void granted(ConsentGranted g) {
        List<String> categories = g.categories() == null ? List.of() : g.categories();
        if (g.supersedes() != null) {
            projection.apply(state(g.supersedes(), g.subjectId(), g.purpose(), g.recipient(),
                    ConsentState.State.SUPERSEDED, g.policyVersion(), categories, g.expiresAt()));
        }
        projection.apply(state(g.consentId(), g.subjectId(), g.purpose(), g.recipient(), ConsentState.State.GRANTED,
                g.policyVersion(), categories, g.expiresAt()));
    }

    /** The state an event reports. Fields a state event lacks (categories, expiry) are kept from the grant. */
    private static ConsentState state(UUID consentId, String subjectId, String purpose, String recipient,
            ConsentState.State state, String policyVersion, List<String> categories, OffsetDateTime expiresAt) {
        return new ConsentState(consentId, subjectId, purpose, recipient, state, policyVersion, categories,
                expiresAt == null ? null : expiresAt.toInstant());
    }

    private KafkaConsumer<String, String> newConsumer() {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, service + "-decision-projection-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
