package jp.onplanetz.privacy.analytics.events;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.analytics.config.AnalyticsConfig;
import jp.onplanetz.privacy.analytics.service.IncomingUsageEvent;
import jp.onplanetz.privacy.analytics.service.IngestService;
import jp.onplanetz.privacy.analytics.service.UsageIngestOffsets;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static jp.onplanetz.privacy.analytics.UsageTesting.event;
import static jp.onplanetz.privacy.analytics.UsageTesting.grant;
import static jp.onplanetz.privacy.analytics.UsageTesting.sendUsage;
import static jp.onplanetz.privacy.analytics.UsageTesting.storedOfType;
import static jp.onplanetz.privacy.analytics.UsageTesting.uniqueEventType;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * The Kafka door, through the real broker and database: idempotent on the CloudEvents id, invalid events
 * dead-lettered one by one, its offsets kept in PostgreSQL with the rows and fenced against a door that lost its
 * partition.
 */
@QuarkusTest
class UsageDoorTest {

    /** Settings of a door of a test's own, on its own topic and group, beside the application's. */
    record TestDoor(String topic, String groupId, int maxBatch, Duration pollTimeout, Duration retryBackoff,
            Duration retryBackoffMax) implements AnalyticsConfig.Door {
        TestDoor(String topic) {
            this(topic, "analytics-gateway.test-" + UUID.randomUUID(), 5000, Duration.ofMillis(100),
                    Duration.ofMillis(100), Duration.ofSeconds(1));
        }
    }

    @Inject
    UsageDoorLauncher launcher;
    @Inject
    IngestService ingest;
    @Inject
    UsageIngestOffsets offsets;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Test
    void anEventDeliveredTwiceIsStoredOnce() {
        String subject = UUID.randomUUID().toString();
        grant(subject);
        String type = uniqueEventType();
        String id = UUID.randomUUID().toString();
        String payload = event(subject, type);
        sendUsage(id, subject, payload);
        sendUsage(id, subject, payload);
        // a later event under the same key (same partition): once it is stored, both copies were read
        String marker = uniqueEventType();
        sendUsage(UUID.randomUUID().toString(), subject, event(subject, marker));
        await().atMost(Duration.ofSeconds(30)).until(() -> storedOfType(marker) == 1);

        assertThat(storedOfType(type)).isEqualTo(1);
        // the row's id follows from the event's time and its CloudEvents id: that makes the second delivery a no-op
        java.time.Instant occurredAt = ((java.sql.Timestamp) ServiceDb.single(ServiceDatabases.ANALYTICS,
                "select occurred_at from usage_event where event_type = ?", type)).toInstant();
        String rowId = jp.onplanetz.privacy.runtime.jdbc.TimeOrderedIds.of(occurredAt, "usage-event " + id).toString();
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from usage_event where id = ?::uuid and event_type = ?", rowId, type)).isEqualTo(1);
    }

    @Test
    void anInvalidEventGoesToTheDeadLetterTopicWithTheReason() {
        String subject = UUID.randomUUID().toString();
        grant(subject);
        String type = uniqueEventType();
        String id = UUID.randomUUID().toString();
        // schema-valid, but in the future beyond the allowed skew: refused by the field rules
        String future = event(subject, type).replaceFirst("\"occurredAt\":\"[^\"]+\"",
                "\"occurredAt\":\"" + OffsetDateTime.now(ZoneOffset.UTC).plusDays(1) + "\"");
        sendUsage(id, subject, future);
        // a good event right behind it, most likely in the same poll: a bad record never takes others down with it
        String good = uniqueEventType();
        sendUsage(UUID.randomUUID().toString(), subject, event(subject, good));

        TopicRecord dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(id), Optional::isPresent)
                .orElseThrow();
        assertThat(dead.header("dead-letter-reason")).contains("occurredAt").contains("in the future");
        assertThat(dead.header("dead-letter-topic")).isEqualTo(EventCatalogue.USAGE_TOPIC);
        assertThat(dead.header("dead-letter-partition")).matches("[0-9]+");
        assertThat(dead.header("dead-letter-offset")).matches("[0-9]+");
        assertThat(dead.value()).isEqualTo(future);
        assertThat(storedOfType(type)).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> storedOfType(good) == 1);

        String brokenId = UUID.randomUUID().toString();
        sendUsage(brokenId, subject, event(subject, type).replace("\"eventType\"", "\"email\":\"a@b.jp\",\"eventType\""));
        TopicRecord broken = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(brokenId),
                Optional::isPresent).orElseThrow();
        assertThat(broken.header("dead-letter-reason")).contains("usage.event-recorded.v1").contains("email");
    }

    @Test
    void aRestartedDoorGoesOnFromItsStoredOffsetsWithNothingLostOrReadTwice() throws Exception {
        String topic = newTopic();
        TestDoor settings = new TestDoor(topic);
        String subject = UUID.randomUUID().toString();
        grant(subject);
        String first = uniqueEventType();
        sendUsage(topic, UUID.randomUUID().toString(), subject, event(subject, first));
        sendUsage(topic, UUID.randomUUID().toString(), subject, event(subject, first));
        // a dead letter is what a second reading would show: rows are idempotent, dead letters are sent again
        String badId = UUID.randomUUID().toString();
        sendUsage(topic, badId, subject, event(subject, "Not-A-Type"));

        UsageDoor door = launcher.open(settings);
        door.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> storedNextOffset(topic) == 3);
        assertThat(door.status()).isEqualTo(new UsageDoor.Status(true, false, null, 0));
        door.stop();
        assertThat(door.status().running()).isFalse();
        assertThat(storedOfType(first)).isEqualTo(2);
        assertThat(deadLetters(badId)).hasSize(1);

        // Kafka's copy of the offsets is for lag tools only: rewound, it must not make the door read anything again
        try (Admin admin = Admin.create(kafka)) {
            admin.alterConsumerGroupOffsets(settings.groupId(),
                    Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0))).all().get();
        }
        String second = uniqueEventType();
        sendUsage(topic, UUID.randomUUID().toString(), subject, event(subject, second));
        sendUsage(topic, UUID.randomUUID().toString(), subject, event(subject, second));
        runUntilStored(settings, 5);
        assertThat(storedOfType(second)).isEqualTo(2);
        assertThat(storedOfType(first)).isEqualTo(2);
        assertThat(deadLetters(badId)).hasSize(1);
    }

    @Test
    void aDoorWhosePartitionAnotherDoorClaimedStoresNothingMoreOfItAndTheNewOwnerStoresItOnce() throws Exception {
        String topic = newTopic();
        TestDoor settings = new TestDoor(topic);
        String subject = UUID.randomUUID().toString();
        grant(subject);
        UsageDoor zombie = launcher.open(settings);
        zombie.start();
        String late = uniqueEventType();
        try {
            sendUsage(topic, UUID.randomUUID().toString(), subject, event(subject, uniqueEventType()));
            await().atMost(Duration.ofSeconds(60)).until(() -> storedNextOffset(topic) == 1);
            // another door takes the partition over while this one does not notice (a pause past its session)
            offsets.claim(topic, List.of(0));

            sendUsage(topic, UUID.randomUUID().toString(), subject, event(subject, late));
            await().atMost(Duration.ofSeconds(60)).until(() -> zombie.status().fencedBatches() == 1);
            assertThat(storedOfType(late)).isZero();
            assertThat(storedNextOffset(topic)).isEqualTo(1);
        } finally {
            zombie.stop();
        }

        runUntilStored(settings, 2);
        assertThat(storedOfType(late)).isEqualTo(1);
    }

    @Test
    void aDoorThatLostItsPartitionToAnotherCommitsNothingOfItsBatch() {
        // the fence is in PostgreSQL: two claims of one partition are two doors, the first one now a zombie
        String topic = "test.zombie." + UUID.randomUUID();
        long zombie = offsets.claim(topic, List.of(0)).get(0).epoch();
        long owner = offsets.claim(topic, List.of(0)).get(0).epoch();
        String subject = UUID.randomUUID().toString();
        grant(subject);
        String type = uniqueEventType();
        IngestService.Prepared event = ingest.prepare(new IngestService.Delivered(UUID.randomUUID().toString(), 0,
                new IncomingUsageEvent(subject, null, null, null, null, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1),
                        type, null, null, null, null, null, null, null, null)));

        Throwable refused = catchThrowable(() -> QuarkusTransaction.requiringNew().run(() -> ingest.ingestDelivered(
                List.of(event), List.of(new UsageIngestOffsets.Consumed(topic, 0, zombie, 1)))));

        assertThat(fenced(refused)).as(String.valueOf(refused)).isTrue();
        assertThat(storedOfType(type)).isZero();
        assertThat(storedNextOffset(topic)).isEqualTo(-1);

        QuarkusTransaction.requiringNew().run(() -> ingest.ingestDelivered(List.of(event),
                List.of(new UsageIngestOffsets.Consumed(topic, 0, owner, 1))));
        assertThat(storedOfType(type)).isEqualTo(1);
        assertThat(storedNextOffset(topic)).isEqualTo(1);
    }

    @Test
    void aBatchTheDatabaseRefusesIsRetriedUntilItGoesThroughAndTheDoorSaysItIsStalledMeanwhile() throws Exception {
        String topic = newTopic();
        String subject = UUID.randomUUID().toString();
        grant(subject);
        UsageDoor door = launcher.open(new TestDoor(topic));
        door.start();
        try {
            sendUsage(topic, UUID.randomUUID().toString(), subject, event(subject, uniqueEventType()));
            await().atMost(Duration.ofSeconds(60)).until(() -> storedNextOffset(topic) == 1);

            // an outage as the door meets it: every statement on its offsets fails until the table is back
            String during = uniqueEventType();
            ServiceDb.update(ServiceDatabases.ANALYTICS, "alter table usage_ingest_offset rename to usage_ingest_offset_away");
            try {
                sendUsage(topic, UUID.randomUUID().toString(), subject, event(subject, during));
                await().atMost(Duration.ofSeconds(60)).until(() -> door.status().stalledBecause() != null);
                assertThat(door.status().running()).isTrue();
                assertThat(storedOfType(during)).isZero();
            } finally {
                ServiceDb.update(ServiceDatabases.ANALYTICS,
                        "alter table usage_ingest_offset_away rename to usage_ingest_offset");
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> door.status().stalledBecause() == null
                    && storedNextOffset(topic) == 2);
            assertThat(storedOfType(during)).isEqualTo(1);
        } finally {
            door.stop();
        }
    }

    @Test
    void theApplicationsDoorIsReadyAndAlive() {
        for (String probe : List.of("/q/health/ready", "/q/health/live")) {
            given().when().get(probe).then()
                    .body("checks.find { it.name == 'Usage events door (Kafka) health check' }.status", is("UP"));
        }
    }

    /** Runs a fresh door of these settings until the database holds this next offset for the topic's partition 0. */
    private void runUntilStored(TestDoor settings, long nextOffset) {
        UsageDoor door = launcher.open(settings);
        door.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> storedNextOffset(settings.topic()) == nextOffset);
        } finally {
            door.stop();
        }
    }

    private static boolean fenced(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof UsageIngestOffsets.Fenced) {
                return true;
            }
        }
        return false;
    }

    private String newTopic() throws Exception {
        String topic = "test.usage-door." + UUID.randomUUID();
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    /** The next offset the database holds for the topic's partition 0; -1 while it holds none. */
    private static long storedNextOffset(String topic) {
        return ((Number) ServiceDb.single(ServiceDatabases.ANALYTICS, "select coalesce((select next_offset"
                + " from usage_ingest_offset where topic = ? and partition = 0), -1)", topic)).longValue();
    }

    private static List<TopicRecord> deadLetters(String id) {
        return TopicReader.readAll(EventCatalogue.DEAD_LETTERS.name()).stream()
                .filter(r -> id.equals(r.header(CloudEventHeaders.ID))).toList();
    }

    private static Optional<TopicRecord> deadLetter(String id) {
        return deadLetters(id).stream().findFirst();
    }
}
