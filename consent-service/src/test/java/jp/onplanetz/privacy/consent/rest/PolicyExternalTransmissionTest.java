package jp.onplanetz.privacy.consent.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jp.onplanetz.privacy.consent.policy.PolicyCanon;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.testinfra.PublishedEvents;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The external transmissions of the modules the site incorporates (the policy's Art. 7), as policy data a privacy
 * officer maintains: seeded from the policy text, edited in the draft, published in full with the version
 * ({@code policy.version-published.v2}) for the services that publish the notice.
 */
@QuarkusTest
class PolicyExternalTransmissionTest {

    private static final String DRAFT = "/api/v1/policy/draft";

    @Test
    @SuppressWarnings("unchecked")
    void thePolicyInForceSaysWhatGoogleAnalyticsSendsToWhomAndHowToOptOut() {
        JsonPath policy = given().when().get("/api/v1/policy").then().statusCode(200).extract().jsonPath();
        Map<String, Object> t = policy.getMap("content.recipients.find { it.code == 'google-analytics' }.externalTransmission");
        assertThat(t).as("Art. 7's module in the policy in force").isNotNull();
        assertThat(t.get("module")).isEqualTo("Google Analytics");
        assertThat(t.get("privacyPolicy")).isEqualTo("http://www.google.com/intl/ja/policies/privacy/");
        assertThat(t.get("policyRef")).isEqualTo("Art. 7");
        assertThat((List<Object>) t.get("categories")).containsExactly("cookie.anonymous-id", "log.ip-address",
                "log.operation-history", "terminal.device-id");
        assertThat((String) t.get("optOut")).contains("tools.google.com/dlpage/gaoptout");
        assertThat((String) t.get("purpose")).contains("pages viewed");
    }

    @Test
    void anOfficerMaintainsAModulesTransmissionAndItsPublicationCarriesTheWholeContent() {
        String code = "m-" + UUID.randomUUID().toString().substring(0, 8);
        put(code, recipient("Tag Metrics K.K.", transmission("\"cookie.anonymous-id\",\"log.operation-history\"",
                "https://tagmetrics.example/privacy"))).then().statusCode(200)
                .body("content.recipients.find { it.code == '" + code + "' }.externalTransmission.module", equalTo("Tag Metrics"));
        JsonPath v = given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"summary\":\"Tag Metrics measures our pages.\"}").when().post("/api/v1/policy/versions")
                .then().statusCode(201).extract().jsonPath();

        TopicRecord announced = await().atMost(Duration.ofSeconds(30)).until(() -> PublishedEvents
                .about(EventCatalogue.POLICY_TOPIC, EventCatalogue.POLICY_KEY).stream()
                .filter(r -> EventCatalogue.POLICY_VERSION_PUBLISHED_V2.type().equals(r.header("ce_type")))
                .filter(r -> r.value().contains(v.getString("hash"))).toList(), l -> l.size() == 1).get(0);
        PublishedEvents.assertContractHolds(announced, EventCatalogue.POLICY_VERSION_PUBLISHED_V2.type(), "consent-service",
                EventCatalogue.POLICY_KEY);
        JsonPath event = JsonPath.from(announced.value());
        assertThat(event.getString("content.recipients.find { it.code == '" + code + "' }.externalTransmission.privacyPolicy"))
                .isEqualTo("https://tagmetrics.example/privacy");
        // the content is the version's own: an outsider recomputes its hash from the event alone
        String content = announced.value().substring(announced.value().indexOf("\"content\":") + "\"content\":".length(),
                announced.value().length() - 1);
        assertThat(PolicyCanon.hash(PolicyCanon.parse(content))).isEqualTo(v.getString("hash"));
        // and v1 is still published beside it, for the consumers that have not moved
        assertThat(PublishedEvents.about(EventCatalogue.POLICY_TOPIC, EventCatalogue.POLICY_KEY)).anySatisfy(r -> {
            assertThat(r.header("ce_type")).isEqualTo(EventCatalogue.POLICY_VERSION_PUBLISHED.type());
            assertThat(r.value()).contains(v.getString("hash")).doesNotContain("\"content\"");
        });

        // a changed notice is a notice-only change of the recipient; published, the draft equals the version again
        put(code, recipient("Tag Metrics K.K.", transmission("\"cookie.anonymous-id\"", "https://tagmetrics.example/privacy")))
                .then().statusCode(200).body("classification", equalTo("notice-only"))
                .body("pendingChanges.kind", hasItem("recipient-changed"));
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"summary\":\"Tag Metrics receives less.\"}").when().post("/api/v1/policy/versions")
                .then().statusCode(201).body("classification", equalTo("notice-only"));
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"summary\":\"nothing\"}").when().post("/api/v1/policy/versions").then().statusCode(409);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a category the recipient's purposes do not use | \"profile.gender\",\"log.ip-address\" | https://x.example/p | recipients.%s.externalTransmission.categories",
            "an unknown category                            | \"profile.shoe-size\"                | https://x.example/p | externalTransmission.categories",
            "no categories                                  |                                      | https://x.example/p | externalTransmission.categories",
            "a privacy policy that is no web address        | \"cookie.anonymous-id\"              | javascript:alert(1) | externalTransmission.privacyPolicy"})
    void aTransmissionBeyondThePolicyIsRefusedNamingTheFieldAndTheDraftStays(String name, String categories,
            String privacyPolicy, String field) {
        String code = "m-" + UUID.randomUUID().toString().substring(0, 8);
        String before = given().auth().oauth2(TestTokens.privacyOfficer()).when().get(DRAFT).then().statusCode(200)
                .extract().path("content").toString();
        put(code, recipient("Tag Metrics K.K.", transmission(categories == null ? "" : categories, privacyPolicy)))
                .then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params.name", hasItem(org.hamcrest.Matchers.endsWith(field.formatted(code))));
        assertThat(given().auth().oauth2(TestTokens.privacyOfficer()).when().get(DRAFT).then().statusCode(200)
                .extract().path("content").toString()).isEqualTo(before);
    }

    @Test
    void onlyAPrivacyOfficerEditsATransmission() {
        String code = "m-" + UUID.randomUUID().toString().substring(0, 8);
        String body = recipient("Tag Metrics K.K.", transmission("\"cookie.anonymous-id\"", "https://x.example/p"));
        for (String token : List.of(TestTokens.operator(), TestTokens.subject(UUID.randomUUID().toString()),
                TestTokens.recipient())) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when()
                    .put(DRAFT + "/recipients/" + code).then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(body).when().put(DRAFT + "/recipients/" + code).then().statusCode(401);
    }

    private static io.restassured.response.Response put(String code, String body) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(body).when()
                .put(DRAFT + "/recipients/" + code);
    }

    /** A recipient of the seeded ad-effect analysis, which uses the cookie, IP, operation and terminal categories. */
    private static String recipient(String name, String transmission) {
        return """
                {"name":"%s","address":"1-1 Marunouchi, Chiyoda-ku, Tokyo","representative":"Representative Director",
                 "purposes":["third-party-ad-effect"],"externalTransmission":%s}""".formatted(name, transmission);
    }

    private static String transmission(String categories, String privacyPolicy) {
        return """
                {"module":"Tag Metrics","purpose":"To count the pages viewed on our site.","categories":[%s],
                 "privacyPolicy":"%s","optOut":"Refuse cookies in your browser's settings.","policyRef":"Art. 7"}"""
                .formatted(categories, privacyPolicy);
    }
}
