package jp.onplanetz.privacy.consent.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jp.onplanetz.privacy.consent.TestPolicy;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * {@code GET /api/v1/consents/{id}/standing}: what the disclosure log asks of every record of a third-party
 * provision, through real signed tokens. The instants asked about are taken from the consent's own history,
 * so every boundary is asked exactly and a microsecond before.
 */
@QuarkusTest
class ConsentStandingResourceTest {

    private static final Duration MICRO = Duration.ofNanos(1_000);

    private static String consents(String subject) {
        return "/api/v1/subjects/" + subject + "/consents";
    }

    private static String disclosureLog() {
        return TestTokens.service(LocalIdentities.DISCLOSURE_LOG_SERVICE);
    }

    private static JsonPath grant(String subject, String body) {
        return given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON).body(body)
                .when().post(consents(subject)).then().statusCode(201).extract().jsonPath();
    }

    /** When each entry of the consent's history occurred, in order, as the officer sees them. */
    private static List<Instant> historyTimes(String subject, String consentId) {
        List<String> times = given().auth().oauth2(TestTokens.privacyOfficer())
                .when().get(consents(subject) + "/" + consentId + "/history").then().statusCode(200)
                .extract().path("occurredAt");
        return times.stream().map(t -> OffsetDateTime.parse(t).toInstant()).toList();
    }

    private static JsonPath standing(String token, String consentId, String at) {
        return given().auth().oauth2(token).queryParam("at", at)
                .when().get("/api/v1/consents/" + consentId + "/standing")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    private static JsonPath standing(String consentId, Instant at) {
        return standing(disclosureLog(), consentId, at.toString());
    }

    private static Instant instant(JsonPath json, String field) {
        String value = json.getString(field);
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    private static void assertStanding(JsonPath s, String standing, Instant since, String policyVersion) {
        assertThat(s.getString("standing")).isEqualTo(standing);
        assertThat(instant(s, "since")).isEqualTo(since);
        assertThat(s.getString("policyVersion")).isEqualTo(policyVersion);
    }

    @Test
    void aGrantAndAWithdrawalAsTheDisclosureLogSeesThem() {
        String subject = UUID.randomUUID().toString();
        JsonPath consent = grant(subject, "{\"purpose\":\"newsletter\",\"method\":\"web-form\"}");
        String id = consent.getString("id");
        String version = consent.getString("policyVersion");
        Instant granted = historyTimes(subject, id).get(0);
        assertThat(OffsetDateTime.parse(consent.getString("grantedAt")).toInstant()).isEqualTo(granted);

        JsonPath before = standing(id, granted.minus(MICRO));
        assertStanding(before, "not-yet-granted", null, null);
        assertThat(before.getMap("")).containsKeys("recipient", "since", "policyVersion");
        JsonPath atGrant = standing(id, granted);
        assertStanding(atGrant, "in-force", granted, version);
        assertThat(atGrant.getString("consentId")).isEqualTo(id);
        assertThat(atGrant.getString("subjectId")).isEqualTo(subject);
        assertThat(atGrant.getString("purpose")).isEqualTo("newsletter");
        assertThat(atGrant.getMap("")).containsEntry("recipient", null);
        assertThat(atGrant.getList("categories")).isEqualTo(consent.getList("categories")).isNotEmpty();
        assertThat(instant(atGrant, "at")).isEqualTo(granted);

        given().auth().oauth2(TestTokens.subject(subject)).when().post(consents(subject) + "/" + id + "/withdrawal")
                .then().statusCode(200);
        Instant withdrawn = historyTimes(subject, id).get(1);
        assertStanding(standing(id, withdrawn.minus(MICRO)), "in-force", granted, version);
        assertStanding(standing(id, withdrawn), "withdrawn", withdrawn, version);
        // what stood at the grant still stood then: the later withdrawal does not rewrite the past
        assertStanding(standing(id, granted), "in-force", granted, version);
        // a privacy officer gets the same answer
        JsonPath officer = standing(TestTokens.privacyOfficer(), id, withdrawn.plusSeconds(1).toString());
        assertStanding(officer, "withdrawn", withdrawn, version);
    }

    @Test
    void anExpiryIsKnownAheadAndAnOffsetIsReadAsTheInstantItNames() {
        String subject = UUID.randomUUID().toString();
        Instant expires = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        JsonPath consent = grant(subject, "{\"purpose\":\"own-marketing\",\"method\":\"mobile-app\",\"expiresAt\":\"" + expires + "\"}");
        String id = consent.getString("id");
        String version = consent.getString("policyVersion");
        Instant granted = historyTimes(subject, id).get(0);

        assertStanding(standing(id, expires.minus(MICRO)), "in-force", granted, version);
        assertStanding(standing(id, expires), "expired", expires, version);
        // the same instant written in Japan's offset; the answer names it in UTC
        String tokyo = expires.atOffset(ZoneOffset.ofHours(9)).toString();
        assertThat(tokyo).endsWith("+09:00");
        JsonPath s = standing(disclosureLog(), id, tokyo);
        assertStanding(s, "expired", expires, version);
        assertThat(s.getString("at")).endsWith("Z");
        assertThat(instant(s, "at")).isEqualTo(expires);
    }

    @Test
    void aThirdPartyConsentNamesItsRecipient() {
        TestPolicy.ensureAcmeAds();
        String subject = UUID.randomUUID().toString();
        String id = grant(subject, "{\"purpose\":\"third-party-ads\",\"recipient\":\"acme-ads\",\"method\":\"api\"}").getString("id");
        JsonPath s = standing(id, historyTimes(subject, id).get(0));
        assertThat(s.getString("standing")).isEqualTo("in-force");
        assertThat(s.getString("recipient")).isEqualTo(TestPolicy.ACME_ADS);
        assertThat(s.getString("purpose")).isEqualTo("third-party-ads");
    }

    @Test
    void aConsentRequiredPolicyChangeAndTheRenewalAreReadFromTheHistory() {
        String purpose = "t-" + UUID.randomUUID().toString().substring(0, 8);
        TestPolicy.putConsentPurpose(purpose, "Product surveys", "profile.email");
        TestPolicy.publish("New purpose " + purpose);
        String v1 = TestPolicy.versionInForce();
        String subject = UUID.randomUUID().toString();
        String body = "{\"purpose\":\"" + purpose + "\",\"method\":\"web-form\"}";
        String old = grant(subject, body).getString("id");

        // the purpose now also uses the phone number: beyond what the subject agreed to
        TestPolicy.putConsentPurpose(purpose, "Product surveys", "profile.email", "profile.phone");
        TestPolicy.publish("Surveys by phone too, " + purpose);
        String v2 = TestPolicy.versionInForce();
        assertThat(v2).isNotEqualTo(v1);
        JsonPath renewal = grant(subject, body);
        String renewed = renewal.getString("id");

        List<Instant> h = historyTimes(subject, old);
        assertThat(h).hasSize(3);
        Instant granted = h.get(0);
        Instant voided = h.get(1);
        Instant superseded = h.get(2);
        assertStanding(standing(old, granted), "in-force", granted, v1);
        assertStanding(standing(old, voided.minus(MICRO)), "in-force", granted, v1);
        // the version that voided it is not the version it was granted under
        assertStanding(standing(old, voided), "reconsent-required", voided, v1);
        assertStanding(standing(old, superseded.minus(MICRO)), "reconsent-required", voided, v1);
        assertStanding(standing(old, superseded), "superseded", superseded, v1);

        Instant renewedAt = historyTimes(subject, renewed).get(0);
        assertThat(renewedAt).isEqualTo(superseded);
        assertStanding(standing(renewed, renewedAt.minus(MICRO)), "not-yet-granted", null, null);
        JsonPath now = standing(renewed, renewedAt);
        assertStanding(now, "in-force", renewedAt, v2);
        assertThat(now.getList("categories")).contains("profile.email", "profile.phone");
    }

    @Test
    void onlyTheDisclosureLogAndPrivacyOfficersMayAsk() {
        String subject = UUID.randomUUID().toString();
        String id = grant(subject, "{\"purpose\":\"newsletter\",\"method\":\"web-form\"}").getString("id");
        String path = "/api/v1/consents/" + id + "/standing";
        String at = Instant.now().toString();

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("the subject itself", TestTokens.subject(subject));
        refused.put("another subject", TestTokens.subject(UUID.randomUUID().toString()));
        refused.put("operator", TestTokens.operator());
        refused.put("recipient", TestTokens.recipient());
        refused.put("svc-analytics", TestTokens.service(LocalIdentities.ANALYTICS_GATEWAY));
        refused.put("svc-data-request", TestTokens.service(LocalIdentities.DATA_REQUEST_SERVICE));
        refused.put("svc-consent", TestTokens.service(LocalIdentities.CONSENT_SERVICE));
        refused.forEach((who, token) -> given().auth().oauth2(token).queryParam("at", at).when().get(path)
                .then().statusCode(403).contentType("application/problem+json"));
        // refused before the request is looked at: a bad instant does not turn a 403 into a 400
        given().auth().oauth2(TestTokens.operator()).queryParam("at", "yesterday").when().get(path).then().statusCode(403);
        given().when().get(path + "?at=" + at).then().statusCode(401).contentType("application/problem+json");

        assertThat(standing(disclosureLog(), id, at).getString("standing")).isEqualTo("in-force");
        assertThat(standing(TestTokens.privacyOfficer(), id, at).getString("standing")).isEqualTo("in-force");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "missing           | NONE",
            "empty             | ''",
            "not a date        | yesterday",
            "no offset         | 2026-04-01T09:30:00",
            "a date alone      | 2026-04-01",
            "no such month     | 2026-13-01T00:00:00Z",
            "epoch seconds     | 1775035800",
    })
    void aMissingOrMalformedInstantIsAProblemNamingAt(String name, String at) {
        String subject = UUID.randomUUID().toString();
        String id = grant(subject, "{\"purpose\":\"newsletter\",\"method\":\"web-form\"}").getString("id");
        RequestSpecification req = given().auth().oauth2(disclosureLog());
        if (at != null) {
            req = req.queryParam("at", at);
        }
        req.when().get("/api/v1/consents/" + id + "/standing")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("invalid-params.name", hasItem("at"));
    }

    @Test
    void anOffsetSentWithAnUnencodedPlusIsRefusedWithTheReason() {
        String subject = UUID.randomUUID().toString();
        String id = grant(subject, "{\"purpose\":\"newsletter\",\"method\":\"web-form\"}").getString("id");
        // In a query string an unencoded '+' stands for a space; the answer says how to send it.
        given().urlEncodingEnabled(false).auth().oauth2(disclosureLog())
                .when().get("/api/v1/consents/" + id + "/standing?at=2026-04-01T18:30:00+09:00")
                .then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params.name", hasItem("at")).body("invalid-params.reason", hasItem(containsString("%2B")));
        given().urlEncodingEnabled(false).auth().oauth2(disclosureLog())
                .when().get("/api/v1/consents/" + id + "/standing?at=2020-04-01T18:30:00%2B09:00")
                .then().statusCode(200).body("standing", equalTo("not-yet-granted"));
    }

    @Test
    void anUnknownConsentIsNotFoundAndAMalformedIdIsAProblemNamingIt() {
        String at = Instant.now().toString();
        given().auth().oauth2(disclosureLog()).queryParam("at", at)
                .when().get("/api/v1/consents/" + UUID.randomUUID() + "/standing")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(disclosureLog()).queryParam("at", at)
                .when().get("/api/v1/consents/not-a-uuid/standing")
                .then().statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem("consentId"));
    }

    @Test
    void theApiDocumentDescribesTheEndpoint() {
        JsonPath doc = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        Map<String, Object> get = doc.getMap("paths.'/api/v1/consents/{consentId}/standing'.get");
        assertThat(get).isNotNull();
        assertThat(doc.getList("paths.'/api/v1/consents/{consentId}/standing'.get.parameters.name"))
                .contains("consentId", "at");
        assertThat(doc.getMap("components.schemas.StandingView.properties"))
                .containsKeys("consentId", "subjectId", "purpose", "recipient", "categories", "at", "standing", "since",
                        "policyVersion");
    }
}
