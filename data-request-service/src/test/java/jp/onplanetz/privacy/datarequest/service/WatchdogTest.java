package jp.onplanetz.privacy.datarequest.service;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static jp.onplanetz.privacy.datarequest.testing.DataRequestTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The watchdog, run by the test at the moment it means to (its schedule is an hour in tests): what is late is flagged
 * once, with its event; a disclosure's data goes when its bundle's retention has ended.
 */
@QuarkusTest
class WatchdogTest {

    @Inject
    Watchdog watchdog;

    @Test
    void anOverdueRequestIsFlaggedOnceWithItsEvent() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"correction\", \"correction\": {\"address\": \"2-3 Umeda, Osaka\"}}");
        update("update data_request set received_at = now() - interval '20 days', due_at = now() - interval '6 days'"
                + " where id = ?::uuid", id);
        assertThat(watchdog.flagOverdueRequests()).isPositive();
        assertThat(watchdog.flagOverdueRequests()).as("nothing left to flag").isZero();

        List<TopicRecord> events = awaitLifecycle(subject, l -> l.size() == 4);
        assertThat(events).map(e -> shortType(e)).containsExactly("data-request.received.v1",
                "data-request.identity-verified.v1", "data-request.in-progress.v1", "data-request.overdue.v1");
        JsonPath overdue = JsonPath.from(events.get(3).value());
        assertThat(overdue.getString("requestId")).isEqualTo(id);
        assertThat(overdue.getString("status")).isEqualTo("in-progress");
        assertThat(events.get(3).value()).as("the correction's values are personal data").doesNotContain("Umeda");
        as("privacy-officer", subject).when().get(PATH + "?overdue=true&size=200").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.overdue", equalTo(true));
        as("privacy-officer", subject).when().get("/api/v1/request-register?from=" + java.time.LocalDate.now().minusDays(25)
                + "&to=" + java.time.LocalDate.now().plusDays(1)).then().statusCode(200)
                .body("requests.find { it.requestId == '" + id + "' }.overdueFlagged", equalTo(true));
    }

    @Test
    void aSystemThatDoesNotAnswerInTimeIsFlaggedOncePerAssignment() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"deletion\"}");
        answer("consent-service", id, subject, "completed", "done", 1, null);
        answer("analytics-gateway", id, subject, "completed", "done", 1, null);
        awaitAnswered(id, 2);
        lateTasks(id);
        assertThat(watchdog.flagOverdueAnswers()).isPositive();
        assertThat(watchdog.flagOverdueAnswers()).isZero();

        List<TopicRecord> events = awaitLifecycle(subject, l -> l.size() == 4);
        assertThat(shortType(events.get(3))).isEqualTo("data-request.answer-overdue.v1");
        assertThat(JsonPath.from(events.get(3).value()).getString("system")).isEqualTo("disclosure-log-service");
        as("operator", subject).when().get(PATH + "/" + id).then().statusCode(200)
                .body("tasks.find { it.system == 'disclosure-log-service' }.overdue", equalTo(true))
                .body("tasks.find { it.system == 'consent-service' }.overdue", equalTo(false));

        // re-assigned, its clock starts again; late again, it is flagged again
        as("operator", subject).when().post(PATH + "/" + id + "/reassignment").then().statusCode(200)
                .body("tasks.find { it.system == 'disclosure-log-service' }.overdue", equalTo(false));
        lateTasks(id);
        assertThat(watchdog.flagOverdueAnswers()).isPositive();
        assertThat(awaitLifecycle(subject, l -> l.size() == 5)).map(e -> shortType(e))
                .endsWith("data-request.answer-overdue.v1", "data-request.answer-overdue.v1");

        answer("disclosure-log-service", id, subject, "completed", "done", 1, null);
        awaitStatus(id, "completed");
        // a completed request's tasks are never flagged
        lateTasks(id);
        watchdog.flagOverdueAnswers();
        assertThat(count("select count(*) from outbox_event where record_key = ? and ce_type like '%answer-overdue%'",
                subject)).isEqualTo(2);
    }

    @Test
    void aDisclosuresDataIsRemovedWhenItsBundlesRetentionEnds() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"disclosure\"}");
        for (String system : SUITE_SYSTEMS) {
            answer(system, id, subject, "completed", "here it is", 1, "{\"kept\": \"" + system + "\"}");
        }
        awaitStatus(id, "completed");
        as("subject", subject).when().get(PATH + "/" + id + "/bundle").then().statusCode(200);
        watchdog.purgeExpiredBundles();
        assertThat(count("select count(*) from request_task where request_id = ?::uuid and data is not null", id))
                .as("still within its retention").isEqualTo(3);

        update("update data_request set completed_at = now() - interval '31 days' where id = ?::uuid", id);
        assertThat(watchdog.purgeExpiredBundles()).isGreaterThanOrEqualTo(3);
        assertThat(count("select count(*) from request_task where request_id = ?::uuid and data is not null", id)).isZero();
        as("subject", subject).when().get(PATH + "/" + id + "/bundle").then().statusCode(410)
                .contentType("application/problem+json");
        // what was done stays on record
        as("subject", subject).when().get(PATH + "/" + id).then().statusCode(200)
                .body("tasks.detail", equalTo(List.of("here it is", "here it is", "here it is")));
    }

    private static void lateTasks(String id) {
        update("update request_task set assigned_at = now() - interval '2 hours', answer_by = now() - interval '1 hour'"
                + " where request_id = ?::uuid", id);
    }

    private static void awaitAnswered(String id, int n) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from request_task where request_id = ?::uuid and outcome is not null", id) == n);
    }

}
