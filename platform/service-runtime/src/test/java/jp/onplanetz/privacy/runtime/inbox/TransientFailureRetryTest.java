package jp.onplanetz.privacy.runtime.inbox;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.runtime.testapp.Db;
import jp.onplanetz.privacy.runtime.testapp.TestEvents;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static jp.onplanetz.privacy.runtime.testapp.TestTopic.deadLetters;
import static jp.onplanetz.privacy.runtime.testapp.TestTopic.event;
import static jp.onplanetz.privacy.runtime.testapp.TestTopic.send;
import static org.awaitility.Awaitility.await;

/**
 * An event whose application fails for a reason that passes (here the database answering as it does while it shuts
 * down, SQLSTATE 57P01) is applied once the database is back, exactly once, and never dead-lettered.
 */
@QuarkusTest
class TransientFailureRetryTest {

    @Test
    void anEventThatFailsWhileTheDatabaseShutsDownIsAppliedOnceItIsBackAndNotDeadLettered() throws Exception {
        String subject = "transient-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String attempts = "test_refused_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = Db.connect(); Statement st = c.createStatement()) {
            // A trigger refuses this subject's rows while it is marked, counting each refusal in a sequence (which no
            // rollback undoes).
            st.execute("create sequence " + attempts);
            st.execute("create table if not exists test_refuse (subject varchar(128) primary key, attempts text not null)");
            st.execute("""
                    create or replace function test_refuse_marked() returns trigger language plpgsql as $$
                    declare counter text;
                    begin
                      select attempts into counter from test_refuse where subject = new.subject;
                      if counter is not null then
                        perform nextval(counter);
                        raise exception 'terminating connection due to administrator command' using errcode = '57P01';
                      end if;
                      return new;
                    end $$""");
            st.execute("drop trigger if exists test_refuse_marked on test_applied_event");
            st.execute("create trigger test_refuse_marked before insert on test_applied_event for each row"
                    + " execute function test_refuse_marked()");
            st.execute("insert into test_refuse values ('" + subject + "', '" + attempts + "')");
        }
        send(event(subject, eventId, TestEvents.CHANGED.type(), "{\"entryId\": \"" + UUID.randomUUID()
                + "\", \"subjectId\": \"" + subject + "\", \"n\": 7, \"amount\": 1}"));

        // the first refusal either goes to the dead-letter topic or is tried again: whichever comes first decides
        await().atMost(Duration.ofSeconds(60)).until(() -> refusals(attempts) >= 2 || !deadLetters(subject).isEmpty());
        assertThat(deadLetters(subject)).as("dead letters of a refused event").isEmpty();

        try (Connection c = Db.connect(); Statement st = c.createStatement()) {
            st.execute("delete from test_refuse where subject = '" + subject + "'");
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Db.count("select count(*) from test_applied_event where subject = '" + subject + "'") > 0);
        assertThat(Db.count("select count(*) from test_applied_event where event_id = '" + eventId + "'")).isOne();
        assertThat(Db.count("select count(*) from inbox_message where event_id = '" + eventId + "'")).isOne();
        assertThat(deadLetters(subject)).isEmpty();
    }

    private static long refusals(String sequence) {
        return Db.count("select case when is_called then last_value else 0 end from " + sequence);
    }
}
