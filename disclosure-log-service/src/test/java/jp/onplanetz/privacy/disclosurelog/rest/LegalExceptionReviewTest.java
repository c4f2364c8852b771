package jp.onplanetz.privacy.disclosurelog.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.PublishedEvents;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestEvents;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.Callers.as;
import static jp.onplanetz.privacy.disclosurelog.support.Records.newSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * The review that closes a use on an APPI Art. 27(1) ground: uses arrive as consent-service publishes them (through
 * the real broker), an officer reviews each once, the review leaves as an event with the use's key, and the open
 * ones are listed apart.
 */
@QuarkusTest
class LegalExceptionReviewTest {

    private static final ServiceDatabases.ServiceDatabase DB = ServiceDatabases.DISCLOSURE_LOG;
    private static final String UPHELD = """
            {"outcome": "upheld", "note": "The court's order names the subject and the data; the provision stayed within it."}""";

    @Test
    void anOfficerReviewsAUseOnceAndTheReviewLeavesWithTheUsesKey() {
        String subject = newSubject();
        String useId = legalExceptionUse(subject);
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get("/api/v1/legal-exception-uses/{id}", useId)
                .then().statusCode(200).body("review", nullValue()).body("reasonCode", equalTo("laws-and-regulations"));
        assertThat(listed("open")).contains(useId);
        assertThat(listed("closed")).doesNotContain(useId);

        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(UPHELD).when()
                .post("/api/v1/legal-exception-uses/{id}/review", useId).then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/legal-exception-uses/" + useId))
                .body("useId", equalTo(useId))
                .body("review.outcome", equalTo("upheld"))
                .body("review.remediation", nullValue())
                .body("review.reviewedBy", equalTo(LocalIdentities.OFFICER_SUBJECT_ID))
                .body("review.reviewedAt", not(nullValue()));
        assertThat(listed("open")).doesNotContain(useId);
        assertThat(listed("closed")).contains(useId);
        assertThat(listed(null)).contains(useId);

        TopicRecord event = await().atMost(Duration.ofSeconds(30)).until(() -> reviewEvents(subject), l -> l.size() == 1).get(0);
        PublishedEvents.assertContractHolds(event, EventCatalogue.DATA_USE_LEGAL_EXCEPTION_REVIEWED.type(),
                Services.DISCLOSURE_LOG, subject);
        assertThat(event.value()).contains("\"useId\":\"" + useId + "\"", "\"outcome\":\"upheld\"",
                "\"reviewedBy\":\"" + LocalIdentities.OFFICER_SUBJECT_ID + "\"", "\"legalException\":\"laws-and-regulations\"");

        // a second review, whatever it says, is refused and changes nothing
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body("""
                {"outcome": "not-upheld", "remediation": "The recipient was asked to delete.", "note": "On second thoughts."}""")
                .when().post("/api/v1/legal-exception-uses/{id}/review", useId).then().statusCode(409)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get("/api/v1/legal-exception-uses/{id}", useId)
                .then().statusCode(200).body("review.outcome", equalTo("upheld"));
        assertThat(outboxedReviews(subject)).isEqualTo(1);
    }

    @Test
    void aUseNotUpheldIsClosedWithWhatWasDoneAboutIt() {
        String subject = newSubject();
        String useId = legalExceptionUse(subject);
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body("""
                {"outcome": "not-upheld", "note": "No order existed; the request came by telephone.",
                 "remediation": "The recipient deleted the data (its confirmation is filed); the subject was told."}""")
                .when().post("/api/v1/legal-exception-uses/{id}/review", useId).then().statusCode(201)
                .body("review.outcome", equalTo("not-upheld"))
                .body("review.remediation", org.hamcrest.Matchers.startsWith("The recipient deleted"));
        TopicRecord event = await().atMost(Duration.ofSeconds(30)).until(() -> reviewEvents(subject), l -> l.size() == 1).get(0);
        assertThat(event.value()).contains("\"outcome\":\"not-upheld\"", "The recipient deleted");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "outcome missing      | {\"note\": \"reasons given\"}                                              | outcome",
            "outcome not listed   | {\"outcome\": \"partly\", \"note\": \"reasons given\"}                     | outcome",
            "note missing         | {\"outcome\": \"upheld\"}                                                  | note",
            "note blank           | {\"outcome\": \"upheld\", \"note\": \"  \"}                                | note",
            "not upheld, no remedy| {\"outcome\": \"not-upheld\", \"note\": \"reasons given\"}                 | remediation",
            "upheld with a remedy | {\"outcome\": \"upheld\", \"note\": \"reasons\", \"remediation\": \"none\"}  | remediation",
            "remedy empty         | {\"outcome\": \"not-upheld\", \"note\": \"reasons\", \"remediation\": \"\"} | remediation"})
    void badInputIsRefusedNamingTheFieldAndNothingIsReviewed(String name, String body, String field) {
        String subject = newSubject();
        String useId = legalExceptionUse(subject);
        long reviews = ServiceDb.count(DB, "select count(*) from legal_exception_review");
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(body).when()
                .post("/api/v1/legal-exception-uses/{id}/review", useId).then().statusCode(400)
                .contentType("application/problem+json").body("invalid-params.name", hasItem(field));
        assertThat(ServiceDb.count(DB, "select count(*) from legal_exception_review")).isEqualTo(reviews);
        assertThat(outboxedReviews(subject)).isZero();
        assertThat(listed("open")).contains(useId);
    }

    @Test
    void aNoteOverItsLengthIsRefusedAndAnUnknownUseIsNotFound() {
        String useId = legalExceptionUse(newSubject());
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"outcome\": \"upheld\", \"note\": \"" + "n".repeat(4001) + "\"}").when()
                .post("/api/v1/legal-exception-uses/{id}/review", useId).then().statusCode(400)
                .body("invalid-params.name", hasItem("note"));
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(UPHELD).when()
                .post("/api/v1/legal-exception-uses/{id}/review", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("review", "pending").when()
                .get("/api/v1/legal-exception-uses").then().statusCode(400).body("invalid-params.name", hasItem(
                        org.hamcrest.Matchers.containsString("review")));
        assertThat(listed("open")).contains(useId);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"none", "operator", "subject", "recipient", "svc-consent", "svc-data-request", "svc-analytics",
            "svc-disclosure-log"})
    void onlyAPrivacyOfficerReadsAndReviewsTheRegister(String caller) {
        String useId = legalExceptionUse(newSubject());
        int refused = caller.equals("none") ? 401 : 403;
        as(caller).contentType(ContentType.JSON).body(UPHELD).when()
                .post("/api/v1/legal-exception-uses/{id}/review", useId).then().statusCode(refused);
        as(caller).when().get("/api/v1/legal-exception-uses?review=open").then().statusCode(refused);
        as(caller).when().get("/api/v1/legal-exception-uses/{id}", useId).then().statusCode(refused);
        assertThat(ServiceDb.count(DB, "select count(*) from legal_exception_review where use_id = ?::uuid", useId)).isZero();
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** A use on a legal exception as consent-service publishes it; waits until the register has it. */
    private static String legalExceptionUse(String subject) {
        String useId = UUID.randomUUID().toString();
        String payload = """
                {"useId": "%s", "subjectId": "%s", "purpose": "court-order-response", "categories": ["profile.email"],
                 "recipient": "tokyo-district-court", "recipientIdentity": null, "basis": "legal-exception",
                 "consentId": null, "policyVersion": "%s", "legalException": "laws-and-regulations",
                 "justification": "court order 2026-(wa)-123 for the subject's e-mail", "caller": "%s",
                 "reviewRequired": true, "decidedAt": "%s"}""".formatted(useId, subject, "b".repeat(64),
                LocalIdentities.OFFICER_SUBJECT_ID, Instant.now());
        assertThat(EventSchemas.violations(EventCatalogue.DATA_USE_RECORDED, payload)).isEmpty();
        TestEvents.send(EventCatalogue.DATA_USE_TOPIC, EventCatalogue.DATA_USE_RECORDED.type(),
                EventCatalogue.DATA_USE_RECORDED.dataSchema(), Services.CONSENT, UUID.randomUUID().toString(), subject,
                payload);
        await().atMost(Duration.ofSeconds(30)).until(() -> ServiceDb.count(DB,
                "select count(*) from legal_exception_use where use_id = ?::uuid", useId) == 1);
        return useId;
    }

    /** The use ids on the register's first page of 500, with the filter given (null: all). */
    private static List<String> listed(String review) {
        var request = given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("size", 500);
        if (review != null) {
            request.queryParam("review", review);
        }
        return request.when().get("/api/v1/legal-exception-uses").then().statusCode(200).extract().path("items.useId");
    }

    private static List<TopicRecord> reviewEvents(String subject) {
        return PublishedEvents.about(EventCatalogue.DATA_USE_TOPIC, subject).stream()
                .filter(r -> EventCatalogue.DATA_USE_LEGAL_EXCEPTION_REVIEWED.type().equals(r.header("ce_type"))).toList();
    }

    private static long outboxedReviews(String subject) {
        return ServiceDb.count(DB, "select count(*) from outbox_event where ce_type = ? and record_key = ?",
                EventCatalogue.DATA_USE_LEGAL_EXCEPTION_REVIEWED.type(), subject);
    }
}
