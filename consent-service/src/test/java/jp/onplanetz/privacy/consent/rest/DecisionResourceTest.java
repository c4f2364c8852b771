package jp.onplanetz.privacy.consent.rest;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jp.onplanetz.privacy.consent.TestPolicy;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.testinfra.PublishedEvents;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The decision API through the real OIDC path: checks, recorded uses, legal grounds, and who may ask. */
@QuarkusTest
class DecisionResourceTest {

    private static final String CHECK = "/api/v1/decisions/check";
    private static final String USE = "/api/v1/decisions/use";

    @TestHTTPResource("/")
    URI root;

    @BeforeEach
    void recipients() {
        TestPolicy.ensureAcmeAds();
    }

    private static String analytics() {
        return TestTokens.service(LocalIdentities.ANALYTICS_GATEWAY);
    }

    private static String question(String subject, String purpose, String categories, String recipient) {
        return "{\"subjectId\":\"" + subject + "\",\"purpose\":\"" + purpose + "\",\"categories\":[" + categories + "]"
                + (recipient == null ? "" : ",\"recipient\":\"" + recipient + "\"") + "}";
    }

    private static String grant(String subject, String body) {
        return given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/subjects/" + subject + "/consents").then().statusCode(201).extract().path("id");
    }

    private static String currentVersion() {
        return given().when().get("/api/v1/policy").then().statusCode(200).extract().path("hash");
    }

    @Test
    void aConsentedUseIsPermittedWithItsConsentAndPolicyVersionAndAWithdrawalDeniesItAtOnce() {
        String subject = UUID.randomUUID().toString();
        String consentId = grant(subject, "{\"purpose\":\"newsletter\",\"method\":\"web-form\"}");

        given().auth().oauth2(analytics()).contentType(ContentType.JSON)
                .body(question(subject, "newsletter", "\"profile.email\"", null))
                .when().post(CHECK).then().statusCode(200)
                .body("decision", equalTo("PERMIT")).body("reason", equalTo("consent-given"))
                .body("basis", equalTo("consent")).body("consentId", equalTo(consentId))
                .body("policyVersion", equalTo(currentVersion())).body("categories", equalTo(List.of("profile.email")));

        given().auth().oauth2(TestTokens.subject(subject)).when()
                .post("/api/v1/subjects/" + subject + "/consents/" + consentId + "/withdrawal").then().statusCode(200);
        // The replica that took the withdrawal denies at once, without waiting for the event stream.
        given().auth().oauth2(analytics()).contentType(ContentType.JSON)
                .body(question(subject, "newsletter", "\"profile.email\"", null))
                .when().post(CHECK).then().statusCode(200)
                .body("decision", equalTo("DENY")).body("reason", equalTo("no-consent"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no consent at all            | newsletter            | \"profile.email\"      |                  | no-consent",
            "unknown purpose              | selling-lists         | \"profile.email\"      |                  | unknown-purpose",
            "unknown category             | newsletter            | \"profile.shoe-size\"  |                  | unknown-category",
            "category outside the purpose | newsletter            | \"profile.phone\"      |                  | category-not-covered",
            "group with an item outside   | newsletter            | \"profile\"            |                  | category-not-covered",
            "third party without recipient| third-party-ads       | \"profile.email\"      |                  | recipient-required",
            "unknown recipient            | third-party-ads       | \"profile.email\"      | shady-brokers    | unknown-recipient",
            "recipient not for purpose    | third-party-ad-effect | \"profile.email\"      | google-analytics-x | unknown-recipient",
            "recipient on in-house purpose| newsletter            | \"profile.email\"      | acme-ads         | purpose-has-no-recipients",
    })
    void whatCannotBeJustifiedIsDenied(String name, String purpose, String categories, String recipient, String reason) {
        String subject = UUID.randomUUID().toString();
        given().auth().oauth2(analytics()).contentType(ContentType.JSON)
                .body(question(subject, purpose, categories, recipient == null || recipient.isBlank() ? null : recipient.trim()))
                .when().post(CHECK).then().statusCode(200)
                .body("decision", equalTo("DENY")).body("reason", equalTo(reason)).body("consentId", nullValue());
    }

    @Test
    void theContractedServiceNeedsNoConsentAndAGroupStandsForAllItsItems() {
        given().auth().oauth2(analytics()).contentType(ContentType.JSON)
                .body(question(UUID.randomUUID().toString(), "service-provision", "\"profile\"", null))
                .when().post(CHECK).then().statusCode(200)
                .body("decision", equalTo("PERMIT")).body("basis", equalTo("contract"))
                .body("categories", hasSize(8)).body("categories", hasItem("profile.birth-year"));
    }

    @Test
    void aThirdPartyUseNeedsTheConsentForThatRecipient() {
        String subject = UUID.randomUUID().toString();
        grant(subject, "{\"purpose\":\"third-party-ads\",\"recipient\":\"acme-ads\",\"method\":\"mobile-app\"}");
        given().auth().oauth2(analytics()).contentType(ContentType.JSON)
                .body(question(subject, "third-party-ads", "\"profile.email\",\"log\"", "acme-ads"))
                .when().post(CHECK).then().statusCode(200).body("decision", equalTo("PERMIT"));
        given().auth().oauth2(analytics()).contentType(ContentType.JSON)
                .body(question(subject, "third-party-market", "\"profile.email\"", "acme-ads"))
                .when().post(CHECK).then().statusCode(200).body("decision", equalTo("DENY")).body("reason", equalTo("no-consent"));
    }

    @Test
    void anExpiredConsentIsDenied() {
        String subject = UUID.randomUUID().toString();
        String expires = OffsetDateTime.now().plusSeconds(2).toString();
        grant(subject, "{\"purpose\":\"own-marketing\",\"method\":\"api\",\"expiresAt\":\"" + expires + "\"}");
        String body = question(subject, "own-marketing", "\"profile.email\"", null);
        given().auth().oauth2(analytics()).contentType(ContentType.JSON).body(body)
                .when().post(CHECK).then().statusCode(200).body("decision", equalTo("PERMIT"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(analytics()).contentType(ContentType.JSON).body(body)
                        .when().post(CHECK).then().statusCode(200)
                        .body("decision", equalTo("DENY")).body("reason", equalTo("consent-expired")));
        given().auth().oauth2(analytics()).contentType(ContentType.JSON).body(body)
                .when().post(USE).then().statusCode(403).body("reason", equalTo("consent-expired"));
    }

    @Test
    void aPermittedUseIsAnsweredOnlyWithItsEventRecordedAndTheEventNamesEverything() {
        String subject = UUID.randomUUID().toString();
        String consentId = grant(subject, "{\"purpose\":\"newsletter\",\"method\":\"web-form\"}");
        String useId = given().auth().oauth2(analytics()).contentType(ContentType.JSON)
                .body(question(subject, "newsletter", "\"profile.email\",\"profile.name\"", null))
                .when().post(USE).then().statusCode(201)
                .body("decision", equalTo("PERMIT")).body("consentId", equalTo(consentId)).body("reviewRequired", equalTo(false))
                .extract().path("useId");
        // Durable before the answer: the event is in the outbox already (the relay may have sent it too).
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT,
                "select count(*) from outbox_event where record_key = ? and ce_type = ? and payload like ?", subject,
                EventCatalogue.DATA_USE_RECORDED.type(), "%" + useId + "%")).isEqualTo(1);

        List<TopicRecord> uses = await().atMost(Duration.ofSeconds(30))
                .until(() -> PublishedEvents.about(EventCatalogue.DATA_USE_TOPIC, subject), l -> l.size() == 1);
        TopicRecord use = uses.get(0);
        PublishedEvents.assertContractHolds(use, EventCatalogue.DATA_USE_RECORDED.type(), "consent-service", subject);
        assertThat(use.value()).contains("\"useId\":\"" + useId + "\"", "\"consentId\":\"" + consentId + "\"",
                "\"purpose\":\"newsletter\"", "\"caller\":\"" + LocalIdentities.ANALYTICS_GATEWAY.clientId() + "\"",
                "\"basis\":\"consent\"", "\"reviewRequired\":false", "profile.email", "profile.name");
    }

    @Test
    void aDeniedUseIsAProblemAndRecordsNothing() {
        String subject = UUID.randomUUID().toString();
        given().auth().oauth2(analytics()).contentType(ContentType.JSON)
                .body(question(subject, "newsletter", "\"profile.email\"", null))
                .when().post(USE).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://privacy.onplanetz.jp/problems/use-denied"))
                .body("decision", equalTo("DENY")).body("reason", equalTo("no-consent"))
                .body("policyVersion", notNullValue());
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from outbox_event where record_key = ?", subject))
                .isZero();
    }

    @Test
    void aPrivacyOfficerMayClaimALegalGroundWithAJustificationAndTheUseIsFlaggedForReview() {
        String subject = UUID.randomUUID().toString();
        String body = "{\"subjectId\":\"" + subject + "\",\"purpose\":\"police-inquiry\",\"categories\":[\"profile.name\",\"log.ip-address\"],"
                + "\"recipient\":\"tokyo-metropolitan-police\",\"legalException\":\"laws-and-regulations\","
                + "\"justification\":\"Written inquiry under Code of Criminal Procedure Art. 197(2), ref. 2026-1234\"}";
        String useId = given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(body)
                .when().post(USE).then().statusCode(201)
                .body("basis", equalTo("legal-exception")).body("reviewRequired", equalTo(true)).body("consentId", nullValue())
                .extract().path("useId");
        TopicRecord use = await().atMost(Duration.ofSeconds(30))
                .until(() -> PublishedEvents.about(EventCatalogue.DATA_USE_TOPIC, subject), l -> l.size() == 1).get(0);
        PublishedEvents.assertContractHolds(use, EventCatalogue.DATA_USE_RECORDED.type(), "consent-service", subject);
        assertThat(use.value()).contains(useId, "\"legalException\":\"laws-and-regulations\"", "\"reviewRequired\":true",
                "Art. 197(2)", "\"caller\":\"" + LocalIdentities.OFFICER_SUBJECT_ID + "\"");

        // Still fail-closed on what was given: an unknown category is not recorded as provided.
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body(body.replace("profile.name", "profile.dna"))
                .when().post(USE).then().statusCode(403).body("reason", equalTo("unknown-category"));
    }

    @Test
    void aLegalGroundIsRefusedToServicesAndWithoutJustification() {
        String subject = UUID.randomUUID().toString();
        String claim = "{\"subjectId\":\"" + subject + "\",\"purpose\":\"newsletter\",\"categories\":[\"profile.email\"],"
                + "\"legalException\":\"protection-of-life-body-property\"";
        given().auth().oauth2(analytics()).contentType(ContentType.JSON)
                .body(claim + ",\"justification\":\"A long enough justification for the test.\"}")
                .when().post(USE).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(claim + "}")
                .when().post(USE).then().statusCode(400).body("invalid-params.name", hasItem("justification"));
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body(claim + ",\"justification\":\"too short\"}")
                .when().post(USE).then().statusCode(400).body("invalid-params.name", hasItem("justification"));
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from outbox_event where record_key = ?", subject))
                .isZero();
    }

    @Test
    void whoMayAsk() {
        String subject = UUID.randomUUID().toString();
        String body = question(subject, "newsletter", "\"profile.email\"", null);
        for (String token : List.of(TestTokens.subject(subject), TestTokens.operator(), TestTokens.recipient(),
                TestTokens.service(LocalIdentities.CONSENT_SERVICE))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(CHECK).then().statusCode(403);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(USE).then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(body).when().post(CHECK).then().statusCode(401);
        given().contentType(ContentType.JSON).body(body).when().post(USE).then().statusCode(401);
        for (LocalIdentities.ServiceClient client : List.of(LocalIdentities.DATA_REQUEST_SERVICE,
                LocalIdentities.DISCLOSURE_LOG_SERVICE, LocalIdentities.ANALYTICS_GATEWAY)) {
            given().auth().oauth2(TestTokens.service(client)).contentType(ContentType.JSON).body(body)
                    .when().post(CHECK).then().statusCode(200);
        }
        // An officer checks, but ordinary uses are the services' acts.
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(body)
                .when().post(CHECK).then().statusCode(200);
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(body)
                .when().post(USE).then().statusCode(403);
        // The benchmark's baseline is off in normal operation.
        given().auth().oauth2(analytics()).when().get("/api/v1/decisions/baseline").then().statusCode(404);
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from outbox_event where record_key = ?", subject))
                .isZero();
    }

    /**
     * Questions are answered over HTTP/1.1, where DecisionBodyPrefetch reads them whole before authentication, and over
     * HTTP/2 (the JDK's client upgrades a cleartext connection to h2c), which keeps the usual path: reading the body early
     * broke it once. Over HTTP/1.1 a body far larger than any question is refused before it is held, even with no token.
     */
    @Test
    void questionsAreAnsweredOverHttp1AndHttp2AndAnOversizedBodyIsRefused() throws Exception {
        String subject = UUID.randomUUID().toString();
        grant(subject, "{\"purpose\":\"newsletter\",\"method\":\"web-form\"}");
        String body = question(subject, "newsletter", "\"profile.email\"", null);
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpClient client = HttpClient.newBuilder().version(version).build();
            // a first request without a body, as a client's first call often is: the JDK upgrades this one to h2c
            HttpResponse<String> policy = client.send(HttpRequest.newBuilder(root.resolve("/api/v1/policy")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(policy.statusCode()).isEqualTo(200);
            assertThat(policy.version()).as("the connection's protocol").isEqualTo(version);
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> check = client.send(post(CHECK, analytics(), body), HttpResponse.BodyHandlers.ofString());
                assertThat(check.statusCode()).as(version + " check: " + check.body()).isEqualTo(200);
                assertThat(check.body()).contains("\"decision\":\"PERMIT\"");
                HttpResponse<String> use = client.send(post(USE, analytics(), body), HttpResponse.BodyHandlers.ofString());
                assertThat(use.statusCode()).as(version + " use: " + use.body()).isEqualTo(201);
            }
            String tooLarge = body.substring(0, body.length() - 1) + ",\"padding\":\"" + "x".repeat(70 * 1024) + "\"}";
            for (String token : Arrays.asList(analytics(), null)) {
                for (String path : List.of(CHECK, USE)) {
                    HttpResponse<String> refused = client.send(post(path, token, tooLarge), HttpResponse.BodyHandlers.ofString());
                    // HTTP/2 keeps the usual path (see DecisionBodyPrefetch): authenticated first, then the unknown field
                    int expected = version == HttpClient.Version.HTTP_1_1 ? 413 : token == null ? 401 : 400;
                    assertThat(refused.statusCode()).as(version + " " + path + ": " + refused.body()).isEqualTo(expected);
                    if (expected != 401) {
                        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                        assertThat(refused.body()).contains(expected == 413 ? "body-too-large" : "padding");
                    }
                }
            }
        }
        // Just under the limit is read, and judged as any question is: the unknown field is named.
        String large = body.substring(0, body.length() - 1) + ",\"padding\":\"" + "x".repeat(60 * 1024) + "\"}";
        given().auth().oauth2(analytics()).contentType(ContentType.JSON).body(large).when().post(CHECK).then()
                .statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem("padding"));
        // six uses above (three per protocol), and none from the refused bodies
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from outbox_event where record_key = ? and ce_type = ?",
                subject, EventCatalogue.DATA_USE_RECORDED.type())).isEqualTo(6);
    }

    /** An empty question (Content-Length: 0) is refused at once over both protocols; it once hung until the caller gave up. */
    @Test
    void anEmptyQuestionIsRefusedAtOnceOverHttp1AndHttp2() throws Exception {
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpClient client = HttpClient.newBuilder().version(version).build();
            for (String path : List.of(CHECK, USE)) {
                HttpResponse<String> refused = client.send(HttpRequest.newBuilder(root.resolve(path))
                        .timeout(java.time.Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + analytics()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(version + " " + path + ": " + refused.body()).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            }
        }
    }

    private HttpRequest post(String path, String token, String body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(root.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        return req.build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON       | {\"subjectId\": \"s\"                                                        | body",
            "missing subject      | {\"purpose\":\"newsletter\",\"categories\":[\"profile.email\"]}             | subjectId",
            "empty categories     | {\"subjectId\":\"s\",\"purpose\":\"newsletter\",\"categories\":[]}          | categories",
            "missing purpose      | {\"subjectId\":\"s\",\"categories\":[\"profile.email\"]}                    | purpose",
            "malformed purpose    | {\"subjectId\":\"s\",\"purpose\":\"News Letter\",\"categories\":[\"profile.email\"]} | purpose",
            "unknown field        | {\"subjectId\":\"s\",\"purpose\":\"newsletter\",\"categories\":[\"profile.email\"],\"why\":1} | why",
            "unknown legal ground | {\"subjectId\":\"s\",\"purpose\":\"newsletter\",\"categories\":[\"profile.email\"],\"legalException\":\"curiosity\"} | legalException",
    })
    void badQuestionsAreProblemsNamingTheField(String name, String body, String field) {
        String path = name.contains("legal") ? USE : CHECK;
        String token = name.contains("legal") ? TestTokens.privacyOfficer() : analytics();
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post(path).then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params.name", hasItem(field));
    }
}
