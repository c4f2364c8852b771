package jp.onplanetz.privacy.analytics.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.PublishedEvents;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.analytics.UsageTesting.event;
import static jp.onplanetz.privacy.analytics.UsageTesting.grant;
import static jp.onplanetz.privacy.analytics.UsageTesting.reporterToken;
import static jp.onplanetz.privacy.analytics.UsageTesting.storedOfType;
import static jp.onplanetz.privacy.analytics.UsageTesting.uniqueEventType;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.answersTo;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.request;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.sendTask;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.task;
import static jp.onplanetz.privacy.testinfra.PublishedEvents.deadLetter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The gateway's part of data subjects' requests, through the real broker: tasks as data-request-service publishes
 * them, answers read from the results topic as data-request-service would read them.
 */
@QuarkusTest
class DataRequestTasksConsumerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MeterRegistry metrics;

    @Test
    void aDeletionErasesExactlyThatSubjectsEventsAndBlocksLaterOnesUntilAFreshConsent() throws Exception {
        String subject = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        grant(subject);
        grant(other);
        String mine = uniqueEventType();
        String theirs = uniqueEventType();
        // three as the signed-in subject, one as the anonymous visitor under the same id (the other column)
        store(event(subject, mine), event(subject, mine), event(subject, mine), asAnonymous(event(subject, mine)),
                event(other, theirs), event(other, theirs));
        assertThat(storedOfType(mine)).isEqualTo(4);

        String requestId = request(subject, "deletion", "[]");
        JsonNode answer = answer(requestId);
        assertThat(answer.get("outcome").asText()).isEqualTo("completed");
        assertThat(answer.get("affected").asInt()).isEqualTo(4);
        assertThat(answer.get("subjectId").asText()).isEqualTo(subject);
        assertThat(answer.get("system").asText()).isEqualTo("analytics-gateway");
        assertThat(answer.get("detail").asText()).contains("4 pseudonymous usage events").contains("erased")
                .contains("consent");
        assertThat(answer.has("data")).isFalse();
        assertThat(storedOfType(mine)).isZero();
        assertThat(storedOfType(theirs)).isEqualTo(2);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from erasure_block where subject_id = ?"
                + " and request_id = ?::uuid and request_type = 'deletion'", subject, requestId)).isEqualTo(1);
        OffsetDateTime blockedAt = blockedAt(subject);

        // the consent granted before the request still stands in the projection, but no longer lets events in
        double erasedBefore = dropped("erased");
        String later = uniqueEventType();
        post(event(subject, later)).body("stored", equalTo(0)).body("droppedByReason.erased", equalTo(1));
        assertThat(dropped("erased")).isEqualTo(erasedBefore + 1);
        post(event(other, later)).body("stored", equalTo(1));

        // a consent granted after the erasure does; an event that occurred before the erasure stays out even then
        grant(subject, OffsetDateTime.now(ZoneOffset.UTC));
        String again = uniqueEventType();
        String late = uniqueEventType();
        post(at(event(subject, again), OffsetDateTime.now(ZoneOffset.UTC)),
                at(event(subject, late), blockedAt.minusSeconds(30)))
                .body("stored", equalTo(1)).body("droppedByReason.erased", equalTo(1));
        assertThat(storedOfType(again)).isEqualTo(1);
        assertThat(storedOfType(late)).isZero();
        assertThat(dropped("erased")).isEqualTo(erasedBefore + 2);
    }

    @Test
    void aDeletionWhenNothingIsHeldStillBlocksAndSaysSo() throws Exception {
        String subject = UUID.randomUUID().toString();
        grant(subject);

        JsonNode answer = answer(request(subject, "deletion", "[]"));
        assertThat(answer.get("outcome").asText()).isEqualTo("nothing-held");
        assertThat(answer.get("affected").asInt()).isZero();
        assertThat(answer.get("detail").asText()).contains("held no usage events")
                .contains("no longer taken in").contains("keeps your id");
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from erasure_block where subject_id = ?", subject)).isEqualTo(1);
        post(event(subject, uniqueEventType())).body("stored", equalTo(0)).body("droppedByReason.erased", equalTo(1));
    }

    @Test
    void aTaskDeliveredTwiceIsCarriedOutAndAnsweredOnce() throws Exception {
        String subject = UUID.randomUUID().toString();
        grant(subject);
        String mine = uniqueEventType();
        store(event(subject, mine), event(subject, mine));
        String eventId = UUID.randomUUID().toString();
        String requestId = UUID.randomUUID().toString();
        String task = task(subject, requestId, "deletion", "[]");
        sendTask(eventId, subject, task);
        sendTask(eventId, subject, task);
        // a later task under the same key (same partition): once it is answered, both copies were read, and the
        // outbox publishes in commit order, so any answer to them is on the topic by then
        answer(request(subject, "disclosure", "[]"));

        List<TopicRecord> answers = answersTo(requestId);
        assertThat(answers).hasSize(1);
        JsonNode answer = JSON.readTree(answers.get(0).value());
        assertThat(answer.get("outcome").asText()).isEqualTo("completed");
        assertThat(answer.get("affected").asInt()).isEqualTo(2);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from inbox_message where consumer ="
                + " 'analytics-gateway.data-request-tasks' and event_id = ?", eventId)).isEqualTo(1);
    }

    @Test
    void aDisclosureAnswersWithThatSubjectsEventsOnlyAndChangesNothing() throws Exception {
        String subject = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        grant(subject);
        grant(other);
        String mine = uniqueEventType();
        String theirs = uniqueEventType();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        store(at(event(subject, mine), now.minusMinutes(10)),
                at(event(subject, mine).replace("/plans/business", "/checkout"), now.minusMinutes(2)),
                event(other, theirs));

        String requestId = request(subject, "disclosure", "[]");
        JsonNode answer = answer(requestId);
        assertThat(answer.get("outcome").asText()).isEqualTo("completed");
        assertThat(answer.get("affected").asInt()).isEqualTo(2);
        assertThat(answer.get("detail").asText()).contains("2 usage events").contains("listed in the data");
        JsonNode data = answer.get("data");
        assertThat(data.get("eventsHeld").asInt()).isEqualTo(2);
        assertThat(data.get("eventsListed").asInt()).isEqualTo(2);
        assertThat(data.get("about").asText()).contains("pseudonyms");
        JsonNode events = data.get("events");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("page").asText()).as("the most recent first").isEqualTo("/checkout");
        assertThat(events.get(1).get("page").asText()).isEqualTo("/plans/business");
        for (JsonNode e : events) {
            assertThat(e.get("eventType").asText()).isEqualTo(mine);
            assertThat(e.get("recordedAs").asText()).isEqualTo("signed-in");
            assertThat(e.get("ipNetwork").asText()).isEqualTo("203.0.113.0/24");
            assertThat(e.get("ageBand").asText()).isEqualTo("30-39");
            assertThat(e.get("prefecture").asText()).isEqualTo("JP-13");
            assertThat(e.get("jobClass").asText()).isEqualTo("engineer");
            assertThat(e.get("countsInStatistics").asBoolean()).isTrue();
            assertThat(OffsetDateTime.parse(e.get("occurredAt").asText())).isBefore(now);
        }
        assertThat(data.toString()).as("no pseudonym, no other subject's event")
                .doesNotContainPattern("p[1-9][0-9]*:[A-Za-z0-9_-]{22}").doesNotContain(theirs).doesNotContain(other);
        assertThat(storedOfType(mine)).isEqualTo(2);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from erasure_block where subject_id = ?", subject)).isZero();

        JsonNode nothing = answer(request(UUID.randomUUID().toString(), "disclosure", "[]"));
        assertThat(nothing.get("outcome").asText()).isEqualTo("nothing-held");
        assertThat(nothing.get("affected").asInt()).isZero();
        assertThat(nothing.has("data")).isFalse();
    }

    @Test
    void requestsThatConcernNothingTheGatewayDoesAreNotApplicableAndChangeNothing() throws Exception {
        String subject = UUID.randomUUID().toString();
        grant(subject);
        String mine = uniqueEventType();
        store(event(subject, mine));

        List<String[]> notOurs = List.of(new String[] {"provision-record-disclosure", "[]"},
                new String[] {"correction", "[]"}, new String[] {"cessation-of-provision", "[]"},
                new String[] {"cessation-of-use", "[\"marketing\"]"},
                new String[] {"consent-withdrawal", "[\"marketing\",\"newsletter\"]"});
        List<String> requests = new ArrayList<>();
        for (String[] r : notOurs) {
            requests.add(request(subject, r[0], r[1]));
        }
        for (int i = 0; i < requests.size(); i++) {
            JsonNode answer = answer(requests.get(i));
            assertThat(answer.get("outcome").asText()).as(notOurs.get(i)[0]).isEqualTo("not-applicable");
            assertThat(answer.get("detail").asText()).as(notOurs.get(i)[0]).isNotBlank();
            assertThat(answer.has("affected")).isFalse();
        }
        assertThat(storedOfType(mine)).isEqualTo(1);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from erasure_block where subject_id = ?", subject)).isZero();

        // naming the gateway's purpose among others, it is carried out
        JsonNode withdrawal = answer(request(subject, "consent-withdrawal",
                "[\"marketing\",\"anonymised-statistics\"]"));
        assertThat(withdrawal.get("outcome").asText()).isEqualTo("completed");
        assertThat(withdrawal.get("affected").asInt()).isEqualTo(1);
        assertThat(storedOfType(mine)).isZero();
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from erasure_block where subject_id = ?"
                + " and request_type = 'consent-withdrawal'", subject)).isEqualTo(1);
    }

    @Test
    void aCessationOfUseOfEveryPurposeIsCarriedOut() throws Exception {
        String subject = UUID.randomUUID().toString();
        grant(subject);
        String mine = uniqueEventType();
        store(event(subject, mine), asAnonymous(event(subject, mine)));

        JsonNode answer = answer(request(subject, "cessation-of-use", "[]"));
        assertThat(answer.get("outcome").asText()).isEqualTo("completed");
        assertThat(answer.get("affected").asInt()).isEqualTo(2);
        assertThat(storedOfType(mine)).isZero();
        post(asAnonymous(event(subject, uniqueEventType()))).body("droppedByReason.erased", equalTo(1));
    }

    @Test
    void aMalformedTaskIsDeadLetteredAndNeitherCarriedOutNorAnswered() throws Exception {
        String subject = UUID.randomUUID().toString();
        grant(subject);
        String mine = uniqueEventType();
        store(event(subject, mine));

        String unknownType = UUID.randomUUID().toString();
        String unknownRequest = UUID.randomUUID().toString();
        sendTask(unknownType, subject, task(subject, unknownRequest, "erase-everything", "[]"));
        TopicRecord dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(unknownType),
                Optional::isPresent).orElseThrow();
        assertThat(dead.header("dead-letter-reason")).contains("data-request.task-assigned.v1");
        assertThat(dead.header("dead-letter-topic")).isEqualTo(EventCatalogue.DATA_REQUEST_TASKS_TOPIC);

        // schema-valid, but filed under another subject's key: not carried out for either of them
        String misfiled = UUID.randomUUID().toString();
        String misfiledRequest = UUID.randomUUID().toString();
        sendTask(misfiled, UUID.randomUUID().toString(), task(subject, misfiledRequest, "deletion", "[]"));
        TopicRecord misfiledDead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(misfiled),
                Optional::isPresent).orElseThrow();
        assertThat(misfiledDead.header("dead-letter-reason")).contains("subjectId and ce_subject differ");

        assertThat(storedOfType(mine)).isEqualTo(1);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from inbox_message where event_id in (?, ?)", unknownType, misfiled)).isZero();
        // no answer to either: answers are keyed by the subject, so they are found by the request id in the payload
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from outbox_event where ce_type = ?"
                + " and (payload like ? or payload like ?)", EventCatalogue.DATA_REQUEST_TASK_ANSWERED.type(),
                "%" + unknownRequest + "%", "%" + misfiledRequest + "%")).isZero();
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from erasure_block where subject_id = ?", subject)).isZero();
    }
    /** The answers to one request, found by its id in the payload (they are keyed by the subject). */
    /** Waits for the one answer to the request and checks it against the published contract. */
    private static JsonNode answer(String requestId) throws Exception {
        TopicRecord r = await().atMost(Duration.ofSeconds(30)).until(() -> answersTo(requestId), l -> !l.isEmpty())
                .get(0);
        JsonNode answer = JSON.readTree(r.value());
        // keyed by the person, as every subject's topic
        PublishedEvents.assertContractHolds(r, EventCatalogue.DATA_REQUEST_TASK_ANSWERED.type(), Services.ANALYTICS,
                answer.get("subjectId").asText());
        assertThat(answer.get("requestId").asText()).isEqualTo(requestId);
        return answer;
    }

    private static OffsetDateTime blockedAt(String subject) {
        Timestamp t = (Timestamp) ServiceDb.single(ServiceDatabases.ANALYTICS,
                "select blocked_at from erasure_block where subject_id = ?", subject);
        return t.toInstant().atOffset(ZoneOffset.UTC);
    }

    /** The same event as an anonymous visitor under the subject's id (stored in the other pseudonym column). */
    private static String asAnonymous(String event) {
        return event.replaceFirst("\"subjectId\":(\"[^\"]+\")", "\"subjectId\":null,\"anonymousId\":$1");
    }

    private static String at(String event, OffsetDateTime occurredAt) {
        return event.replaceFirst("\"occurredAt\":\"[^\"]+\"", "\"occurredAt\":\"" + occurredAt + "\"");
    }

    /** Stores the events through the HTTP door (synchronous), every one of them. */
    private static void store(String... events) {
        post(events).body("stored", equalTo(events.length));
    }

    private static ValidatableResponse post(String... events) {
        return given().auth().oauth2(reporterToken()).contentType(ContentType.JSON)
                .body("{\"events\":[" + String.join(",", events) + "]}")
                .when().post("/api/v1/usage-events/batch").then().statusCode(202);
    }

    private double dropped(String reason) {
        return metrics.counter("privacyops.analytics.events.dropped", "reason", reason).count();
    }
}
