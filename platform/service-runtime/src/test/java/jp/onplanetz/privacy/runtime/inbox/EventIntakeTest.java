package jp.onplanetz.privacy.runtime.inbox;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.runtime.testapp.Db;
import jp.onplanetz.privacy.runtime.testapp.TestEvents;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static jp.onplanetz.privacy.runtime.testapp.TestTopic.deadLetters;
import static jp.onplanetz.privacy.runtime.testapp.TestTopic.event;
import static jp.onplanetz.privacy.runtime.testapp.TestTopic.send;
import static org.awaitility.Awaitility.await;

/**
 * The typed intake, through the test application's ledger projection (one handler, for outbox-test.changed.v1): each
 * event applied once from its record, a type without a handler seen and left, and what can never be applied (a payload
 * Java cannot hold, an event the handler refuses) dead-lettered with the reason, its inbox row rolled back with it.
 */
@QuarkusTest
class EventIntakeTest {

    @Test
    void anEventIsAppliedFromItsRecordOnceHoweverOftenItIsDelivered() throws Exception {
        String subject = "intake-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        String changed = changed(subject, "42");
        send(event(subject, id, TestEvents.CHANGED.type(), changed), event(subject, id, TestEvents.CHANGED.type(), changed));

        await().atMost(Duration.ofSeconds(60)).until(() -> applied(subject) > 0);
        // a later event of the subject, applied after both deliveries of the first in the partition's order
        String later = UUID.randomUUID().toString();
        send(event(subject, later, TestEvents.CHANGED.type(), changed(subject, "43")));
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(subject) == 2);
        assertThat(Db.count("select count(*) from test_applied_event where event_id = '" + id + "' and n = 42")).isOne();
        assertThat(Db.count("select count(*) from inbox_message where event_id = '" + id + "'")).isOne();
    }

    @Test
    void aTypeWithoutAHandlerIsRecordedAsSeenAndChangesNothing() throws Exception {
        String subject = "intake-" + UUID.randomUUID();
        String noted = UUID.randomUUID().toString();
        send(event(subject, noted, TestEvents.NOTED.type(), "{\"subjectId\": \"" + subject + "\"}"));
        // the partition's next event is applied, so the note before it was taken
        String after = UUID.randomUUID().toString();
        send(event(subject, after, TestEvents.CHANGED.type(), changed(subject, "1")));

        await().atMost(Duration.ofSeconds(60)).until(() -> applied(subject) > 0);
        assertThat(Db.count("select count(*) from inbox_message where event_id = '" + noted
                + "' and ce_type = '" + TestEvents.NOTED.type() + "'")).isOne();
        assertThat(Db.count("select count(*) from test_applied_event where event_id = '" + noted + "'")).isZero();
        assertThat(deadLetters(subject)).isEmpty();
    }

    @Test
    void aPayloadJavaCannotHoldAndAnEventTheHandlerRefusesAreDeadLetteredWithTheReasonAndNotSeen() throws Exception {
        String subject = "intake-" + UUID.randomUUID();
        String tooLarge = UUID.randomUUID().toString();
        String refused = UUID.randomUUID().toString();
        // both pass the schema: n is any integer there, the record's is an int, and the ledger counts from 0
        send(event(subject, tooLarge, TestEvents.CHANGED.type(), changed(subject, "3000000000")),
                event(subject, refused, TestEvents.CHANGED.type(), changed(subject, "-1")));

        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(subject).size() == 2);
        List<TopicRecord> letters = deadLetters(subject);
        assertThat(letters).anySatisfy(r -> {
            assertThat(r.header(CloudEventHeaders.ID)).isEqualTo(tooLarge);
            assertThat(r.header("dead-letter-reason"))
                    .isEqualTo("event " + tooLarge + " cannot be read as " + TestEvents.CHANGED.name());
        });
        assertThat(letters).anySatisfy(r -> {
            assertThat(r.header(CloudEventHeaders.ID)).isEqualTo(refused);
            assertThat(r.header("dead-letter-reason")).isEqualTo("event " + refused + ": n counts from 0");
        });
        assertThat(applied(subject)).isZero();
        assertThat(Db.count("select count(*) from inbox_message where event_id in ('" + tooLarge + "', '" + refused
                + "')")).isZero();
    }

    @Test
    void aConsumerHasOneHandlerPerType() {
        EventIntake.Handlers one = EventIntake.handlers(TestEvents::byType).on(TestEvents.CHANGED, (c, e) -> { });
        assertThatThrownBy(() -> one.on(TestEvents.CHANGED, (c, e) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TestEvents.CHANGED.name());
    }

    private static String changed(String subject, String n) {
        return "{\"entryId\": \"" + UUID.randomUUID() + "\", \"subjectId\": \"" + subject + "\", \"n\": " + n
                + ", \"amount\": 1}";
    }

    private static long applied(String subject) {
        return Db.count("select count(*) from test_applied_event where subject = '" + subject + "'");
    }
}
