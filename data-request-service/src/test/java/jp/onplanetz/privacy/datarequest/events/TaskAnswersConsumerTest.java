package jp.onplanetz.privacy.datarequest.events;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jp.onplanetz.privacy.datarequest.testing.DataRequestTesting;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static jp.onplanetz.privacy.datarequest.testing.DataRequestTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * The systems' answers, through the real broker as each system's outbox sends them: a request completes when the last
 * system has settled its part, never before, never twice; what cannot be applied goes to the dead-letter topic.
 */
@QuarkusTest
class TaskAnswersConsumerTest {

    @Test
    void theRequestCompletesWhenTheLastSystemAnswersAndThePublishedCompletionSaysWhatEachDid() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"deletion\"}");
        answer("consent-service", id, subject, "completed", "3 consents withdrawn", 3, null);
        answer("analytics-gateway", id, subject, "nothing-held", "no usage events", 0, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from request_task where request_id = ?::uuid and outcome is not null", id) == 2);
        assertThat(status(id)).as("one system has not answered").isEqualTo("in-progress");

        answer("disclosure-log-service", id, subject, "completed", "2 records kept and marked", 2, null);
        awaitStatus(id, "completed");
        as("subject", subject).when().get(PATH + "/" + id).then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("tasks.system", equalTo(SUITE_SYSTEMS))
                .body("tasks.outcome", equalTo(List.of("nothing-held", "completed", "completed")))
                .body("tasks.detail", hasItem("3 consents withdrawn"))
                .body("tasks.items", equalTo(List.of(0, 3, 2)))
                .body("bundle", nullValue());

        List<TopicRecord> events = awaitLifecycle(subject, l -> l.size() == 4);
        assertThat(shortType(events.get(3))).isEqualTo("data-request.completed.v1");
        JsonPath completed = JsonPath.from(events.get(3).value());
        assertThat(completed.getList("answers.system", String.class)).containsExactlyElementsOf(SUITE_SYSTEMS);
        assertThat(completed.getList("answers.outcome", String.class)).containsExactly("nothing-held", "completed", "completed");
        assertThat(completed.getList("answers.affected", Integer.class)).containsExactly(0, 3, 2);
        assertThat(events.get(3).value()).as("the systems' words stay with the request").doesNotContain("withdrawn");

        // a late, repeated answer from a system changes nothing and publishes nothing
        answer("consent-service", id, subject, "completed", "0 consents withdrawn", 0, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> trail(id) == 4);
        assertThat(count("select count(*) from task_answer where request_id = ?::uuid and effect = 'already-answered'", id))
                .isEqualTo(1);
        assertThat(lifecycle(subject)).hasSize(4);
        assertThat(count("select affected from request_task where request_id = ?::uuid and system = 'consent-service'", id))
                .isEqualTo(3);
    }

    @Test
    void aRedeliveredAnswerIsAppliedOnce() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"deletion\"}");
        String eventId = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            answerAs(eventId, "consent-service", "consent-service", id, subject, "completed", "done", 1, null);
        }
        answer("analytics-gateway", id, subject, "completed", "done", 1, null);
        answer("disclosure-log-service", id, subject, "completed", "done", 1, null);
        awaitStatus(id, "completed");
        assertThat(trail(id)).isEqualTo(3);
        assertThat(count("select count(*) from inbox_message where event_id = ?", eventId)).isEqualTo(1);
        assertThat(awaitLifecycleTypes(subject, 4)).containsOnlyOnce("data-request.completed.v1");
    }

    @Test
    void aFailureKeepsTheRequestOpenUntilTheReassignedTaskIsAnswered() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"consent-withdrawal\", \"purposes\": [\"newsletter\"]}");
        answer("consent-service", id, subject, "failed", "the database was read-only", null, null);
        answer("analytics-gateway", id, subject, "not-applicable", "not ours", null, null);
        answer("disclosure-log-service", id, subject, "not-applicable", "not ours", null, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> trail(id) == 3);
        assertThat(status(id)).isEqualTo("in-progress");
        as("operator", subject).when().get(PATH + "/" + id).then().statusCode(200)
                .body("tasks.find { it.system == 'consent-service' }.outcome", equalTo("failed"))
                .body("tasks.find { it.system == 'consent-service' }.detail", equalTo("the database was read-only"));

        as("operator", subject).when().post(PATH + "/" + id + "/reassignment").then().statusCode(200)
                .body("tasks.find { it.system == 'consent-service' }.outcome", nullValue())
                .body("tasks.find { it.system == 'analytics-gateway' }.outcome", equalTo("not-applicable"));
        List<TopicRecord> tasks = awaitTasks(subject, id, 2);
        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(1).header("ce_id")).isNotEqualTo(tasks.get(0).header("ce_id"));
        JsonPath again = JsonPath.from(tasks.get(1).value());
        assertThat(again.getList("purposes")).containsExactly("newsletter");
        assertThat(again.getString("requestType")).isEqualTo("consent-withdrawal");
        assertThat(count("select assignments from data_request where id = ?::uuid", id)).isEqualTo(2);

        answer("consent-service", id, subject, "completed", "1 consent withdrawn", 1, null);
        awaitStatus(id, "completed");
        // the failure is kept in the trail of answers
        assertThat(count("select count(*) from task_answer where request_id = ?::uuid and system = 'consent-service'"
                + " and outcome = 'failed'", id)).isEqualTo(1);
        // a completed request is not re-assigned
        as("privacy-officer", subject).when().post(PATH + "/" + id + "/reassignment").then().statusCode(409);
    }

    @Test
    void anAnswerAfterACancellationIsRecordedButMovesNothing() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"disclosure\"}");
        as("subject", subject).when().post(PATH + "/" + id + "/cancellation").then().statusCode(200);
        answer("consent-service", id, subject, "completed", "2 consents", 2, "{\"consents\": [1, 2]}");
        await().atMost(Duration.ofSeconds(30)).until(() -> trail(id) == 1);
        assertThat(status(id)).isEqualTo("cancelled");
        assertThat(count("select count(*) from task_answer where request_id = ?::uuid and effect = 'request-closed'", id))
                .isEqualTo(1);
        assertThat(count("select count(*) from request_task where request_id = ?::uuid and data is not null", id))
                .as("no data is kept for a closed request").isZero();
    }

    @Test
    void answersThatCannotBeAppliedGoToTheDeadLetterTopicAndChangeNothing() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"deletion\"}");
        String impostor = UUID.randomUUID().toString();
        answerAs(impostor, "analytics-gateway", "consent-service", id, subject, "completed", "it was not me", 1, null);
        String unknownSystem = answer("crm-legacy", id, subject, "completed", "done", 1, null);
        String noSuchRequest = answer("consent-service", UUID.randomUUID().toString(), subject, "completed", "done", 1, null);
        String otherSubject = newSubject();
        String wrongSubject = answer("consent-service", id, otherSubject, "completed", "done", 1, null);

        for (String eventId : List.of(impostor, unknownSystem, noSuchRequest, wrongSubject)) {
            List<TopicRecord> dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(eventId), l -> l.size() == 1);
            assertThat(dead.get(0).header("dead-letter-reason")).as(eventId).isNotBlank();
        }
        assertThat(deadLetters(impostor).get(0).header("dead-letter-reason")).contains("published by /privacy-ops/analytics-gateway");
        assertThat(deadLetters(unknownSystem).get(0).header("dead-letter-reason")).contains("crm-legacy was not given");
        assertThat(trail(id)).isZero();
        assertThat(status(id)).isEqualTo("in-progress");
        assertThat(count("select count(*) from request_task where request_id = ?::uuid and outcome is not null", id)).isZero();

        // the channel went on: a good answer after the bad ones is applied
        allSystemsComplete(id, subject);
        awaitStatus(id, "completed");
    }

    @Test
    void aSubjectSeesOnlyItsOwnRequestsAnswers() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"deletion\"}");
        allSystemsComplete(id, subject);
        awaitStatus(id, "completed");
        io.restassured.RestAssured.given().auth().oauth2(TestTokens.subject(newSubject())).when().get(PATH + "/" + id)
                .then().statusCode(404);
    }

    private static long trail(String requestId) {
        return DataRequestTesting.count("select count(*) from task_answer where request_id = ?::uuid", requestId);
    }
}
