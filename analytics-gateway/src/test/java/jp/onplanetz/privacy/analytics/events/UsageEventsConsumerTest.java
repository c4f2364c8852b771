package jp.onplanetz.privacy.analytics.events;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static jp.onplanetz.privacy.analytics.UsageTesting.event;
import static jp.onplanetz.privacy.analytics.UsageTesting.grant;
import static jp.onplanetz.privacy.analytics.UsageTesting.sendUsage;
import static jp.onplanetz.privacy.analytics.UsageTesting.storedOfType;
import static jp.onplanetz.privacy.analytics.UsageTesting.uniqueEventType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Kafka door, through the real broker: idempotent on the CloudEvents id, invalid events dead-lettered one by one. */
@QuarkusTest
class UsageEventsConsumerTest {

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

    private static Optional<TopicRecord> deadLetter(String id) {
        return TopicReader.readAll(EventCatalogue.DEAD_LETTERS.name()).stream()
                .filter(r -> id.equals(r.header(CloudEventHeaders.ID))).findFirst();
    }
}
