package jp.onplanetz.privacy.datarequest.service;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static jp.onplanetz.privacy.datarequest.testing.DataRequestTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Lawful refusal, never automatic: the service recognises a repeated request and an excessive burden and holds the
 * request for a privacy officer, who alone refuses (on a legal ground, explained to the subject) or lets it go ahead.
 */
@QuarkusTest
class RefusalReviewTest {

    private static final String REFUSAL = "{\"decision\": \"refuse\", \"ground\": \"serious-interference-with-business\","
            + " \"explanation\": \"You received the same disclosure two days ago; nothing has changed since.\"}";

    @Test
    void theSameRequestAgainIsHeldForAnOfficerWhoMayLetItGoAhead() {
        String subject = newSubject();
        String first = file(subject, "{\"type\": \"disclosure\", \"details\": \"Everything, please.\"}");
        allSystemsComplete(first, subject);
        awaitStatus(first, "completed");

        // typed again with other spacing and full-width letters: the same request
        String second = file(subject, "{\"type\": \"disclosure\", \"details\": \"  everything,   ＰＬＥＡＳＥ. \"}");
        assertThat(status(second)).isEqualTo("identity-verified");
        assertThat(tasks(subject, second)).as("nothing is carried out while an officer decides").isEmpty();
        as("privacy-officer", subject).when().get(PATH + "/" + second).then().statusCode(200)
                .body("review.reasons", equalTo(List.of("repeated-request")))
                .body("review.figures.sameRequestIds", equalTo(List.of(first)))
                .body("review.figures.sameRequestsInRepeatWindow", equalTo(1))
                .body("review.decision", nullValue());
        as("subject", subject).when().get(PATH + "/" + second).then().statusCode(200)
                .body("status", equalTo("identity-verified")).body("review", nullValue());
        as("privacy-officer", subject).when().get(PATH + "?awaitingReview=true&size=200").then().statusCode(200)
                .body("items.id", hasItem(second)).body("items.id", not(hasItem(first)));

        List<TopicRecord> events = awaitLifecycle(subject, l -> l.size() == 7);
        assertThat(shortType(events.get(6))).isEqualTo("data-request.review-required.v1");
        assertThat(JsonPath.from(events.get(6).value()).getList("reasons")).containsExactly("repeated-request");

        as("privacy-officer", subject).contentType(ContentType.JSON).body("{\"decision\": \"proceed\"}")
                .when().post(PATH + "/" + second + "/decision").then().statusCode(200)
                .body("status", equalTo("in-progress")).body("review.decision", equalTo("proceed"));
        assertThat(awaitTasks(subject, second, 1)).hasSize(1);
        assertThat(shortType(awaitLifecycle(subject, l -> l.size() == 8).get(7))).isEqualTo("data-request.in-progress.v1");
        as("privacy-officer", subject).when().get(PATH + "?awaitingReview=true&size=200").then().statusCode(200)
                .body("items.id", not(hasItem(second)));
        // decided once
        as("privacy-officer", subject).contentType(ContentType.JSON).body("{\"decision\": \"proceed\"}")
                .when().post(PATH + "/" + second + "/decision").then().statusCode(409);
    }

    @Test
    void anOfficerRefusesOnALegalGroundAndTheSubjectReadsWhy() {
        String subject = newSubject();
        String first = file(subject, "{\"type\": \"provision-record-disclosure\"}");
        String second = file(subject, "{\"type\": \"provision-record-disclosure\"}");
        assertThat(status(first)).as("the first is no repeat").isEqualTo("in-progress");
        assertThat(status(second)).as("a repeat of an open request").isEqualTo("identity-verified");

        as("privacy-officer", subject).contentType(ContentType.JSON).body(REFUSAL)
                .when().post(PATH + "/" + second + "/decision").then().statusCode(200)
                .body("status", equalTo("refused")).body("review.decision", equalTo("refuse"));
        as("subject", subject).when().get(PATH + "/" + second).then().statusCode(200)
                .body("status", equalTo("refused"))
                .body("refusal.ground", equalTo("serious-interference-with-business"))
                .body("refusal.explanation", equalTo("You received the same disclosure two days ago; nothing has changed since."))
                .body("review", nullValue());
        assertThat(tasks(subject, second)).isEmpty();
        TopicRecord refused = awaitLifecycle(subject, l -> l.stream().anyMatch(e -> shortType(e).equals("data-request.refused.v1")))
                .stream().filter(e -> shortType(e).equals("data-request.refused.v1")).findFirst().orElseThrow();
        JsonPath payload = JsonPath.from(refused.value());
        assertThat(payload.getString("requestId")).isEqualTo(second);
        assertThat(payload.getString("ground")).isEqualTo("serious-interference-with-business");
        assertThat(payload.getBoolean("suggested")).isTrue();
        assertThat(refused.value()).as("the explanation is for the subject").doesNotContain("two days ago");

        // a refused request was never carried out, so asking again is no repeat of it (the open first one still is)
        as("subject", subject).when().post(PATH + "/" + first + "/cancellation").then().statusCode(200);
        String third = file(subject, "{\"type\": \"provision-record-disclosure\"}");
        assertThat(status(third)).isEqualTo("in-progress");
    }

    @Test
    void anOfficerMayRefuseARequestInProgressWithoutASuggestion() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"disclosure\"}");
        as("privacy-officer", subject).contentType(ContentType.JSON)
                .body("{\"decision\": \"refuse\", \"ground\": \"harm-to-person-or-others\", \"explanation\":"
                        + " \"Disclosing these records would reveal another person's contact details.\"}")
                .when().post(PATH + "/" + id + "/decision").then().statusCode(200)
                .body("status", equalTo("refused")).body("review", nullValue());
        TopicRecord refused = awaitLifecycle(subject, l -> l.size() == 4).get(3);
        assertThat(JsonPath.from(refused.value()).getBoolean("suggested")).isFalse();
        // a late answer moves nothing
        allSystemsComplete(id, subject);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                count("select count(*) from task_answer where request_id = ?::uuid", id) == 3);
        assertThat(status(id)).isEqualTo("refused");
        as("subject", subject).when().get(PATH + "/" + id + "/bundle").then().statusCode(409);
    }

    @Test
    void manyRequestsInTheBurdenWindowAreHeldForReview() {
        String subject = newSubject();
        for (int i = 0; i < 10; i++) {
            String id = file(subject, "{\"type\": \"correction\", \"correction\": {\"nickname\": \"name " + i + "\"}}");
            assertThat(status(id)).as("request %d", i).isEqualTo("in-progress");
        }
        String eleventh = file(subject, "{\"type\": \"correction\", \"correction\": {\"nickname\": \"name 10\"}}");
        assertThat(status(eleventh)).isEqualTo("identity-verified");
        as("privacy-officer", subject).when().get(PATH + "/" + eleventh).then().statusCode(200)
                .body("review.reasons", equalTo(List.of("excessive-burden")))
                .body("review.figures.otherRequestsInBurdenWindow", equalTo(10))
                .body("review.figures.maxRequestsInWindow", equalTo(10));
    }

    @Test
    void aSubjectOfWhomTheSystemsHoldAGreatDealIsHeldForReview() {
        String subject = newSubject();
        String first = file(subject, "{\"type\": \"deletion\"}");
        answer("analytics-gateway", first, subject, "completed", "events erased", 150_000, null);
        answer("consent-service", first, subject, "completed", "consents withdrawn", 5, null);
        answer("disclosure-log-service", first, subject, "completed", "records marked", 3, null);
        awaitStatus(first, "completed");
        String disclosure = file(subject, "{\"type\": \"disclosure\"}");
        assertThat(status(disclosure)).isEqualTo("identity-verified");
        as("privacy-officer", subject).when().get(PATH + "/" + disclosure).then().statusCode(200)
                .body("review.reasons", equalTo(List.of("excessive-burden")))
                .body("review.figures.itemsLastReported", equalTo(150_008));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown decision       | {\"decision\": \"maybe\"}                                                      | decision",
            "no decision            | {\"ground\": \"violation-of-other-laws\"}                                       | decision",
            "refusal without ground | {\"decision\": \"refuse\", \"explanation\": \"because\"}                          | ground",
            "unknown ground         | {\"decision\": \"refuse\", \"ground\": \"too-busy\", \"explanation\": \"because\"} | ground",
            "no explanation         | {\"decision\": \"refuse\", \"ground\": \"violation-of-other-laws\"}               | explanation",
            "blank explanation      | {\"decision\": \"refuse\", \"ground\": \"violation-of-other-laws\", \"explanation\": \"  \"} | explanation",
            "go-ahead with a ground | {\"decision\": \"proceed\", \"ground\": \"violation-of-other-laws\"}              | ground",
            "unknown field          | {\"decision\": \"proceed\", \"reason\": \"x\"}                                   | reason",
    })
    void aBadDecisionIsAProblemNamingTheFieldAndDecidesNothing(String name, String body, String field) {
        String subject = newSubject();
        file(subject, "{\"type\": \"deletion\"}");
        String held = file(subject, "{\"type\": \"deletion\"}");
        long events = outboxCount(subject);
        as("privacy-officer", subject).contentType(ContentType.JSON).body(body)
                .when().post(PATH + "/" + held + "/decision")
                .then().statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem(field));
        assertThat(status(held)).isEqualTo("identity-verified");
        assertThat(count("select count(*) from data_request where id = ?::uuid and review_decision is null", held)).isEqualTo(1);
        assertThat(outboxCount(subject)).isEqualTo(events);
    }

    @Test
    void aGoAheadIsOnlyForAHeldRequestAndARefusalOnlyForAnOpenOne() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"deletion\"}");
        as("privacy-officer", subject).contentType(ContentType.JSON).body("{\"decision\": \"proceed\"}")
                .when().post(PATH + "/" + id + "/decision").then().statusCode(409).contentType("application/problem+json");
        allSystemsComplete(id, subject);
        awaitStatus(id, "completed");
        as("privacy-officer", subject).contentType(ContentType.JSON).body(REFUSAL)
                .when().post(PATH + "/" + id + "/decision").then().statusCode(409).contentType("application/problem+json");
        as("privacy-officer", subject).contentType(ContentType.JSON).body(REFUSAL)
                .when().post(PATH + "/" + java.util.UUID.randomUUID() + "/decision").then().statusCode(404);
        assertThat(status(id)).isEqualTo("completed");
    }
}
