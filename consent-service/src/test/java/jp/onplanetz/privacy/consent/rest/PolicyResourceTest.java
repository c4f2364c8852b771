package jp.onplanetz.privacy.consent.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.testinfra.PublishedEvents;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The policy as versioned data: the seeded first version, the officer's draft, publication with classified
 * changes, and what a change does to the consents that relied on the old terms. Each test edits only
 * purposes it invents, so the seeded ones other tests rely on never change.
 */
@QuarkusTest
class PolicyResourceTest {

    private static final String DRAFT = "/api/v1/policy/draft";

    private static String officer() {
        return TestTokens.privacyOfficer();
    }

    private static String purposeBody(String name, String basis, boolean thirdParty, String... categories) {
        StringBuilder cats = new StringBuilder();
        for (String c : categories) {
            cats.append(cats.length() == 0 ? "" : ",").append('"').append(c).append('"');
        }
        return "{\"name\":\"" + name + "\",\"legalBasis\":\"" + basis + "\",\"thirdParty\":" + thirdParty
                + ",\"categories\":[" + cats + "],\"dpv\":null,\"policyRef\":\"Art. 3(2)\"}";
    }

    private static void putPurpose(String code, String body) {
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body(body)
                .when().put(DRAFT + "/purposes/" + code).then().statusCode(200);
    }

    private static JsonPath publish(String summary) {
        return given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"summary\":\"" + summary + "\"}")
                .when().post("/api/v1/policy/versions").then().statusCode(201).extract().jsonPath();
    }

    private static String newPurposeCode() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String check(String subject, String purpose, String category) {
        return given().auth().oauth2(TestTokens.service(LocalIdentities.ANALYTICS_GATEWAY)).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subject + "\",\"purpose\":\"" + purpose + "\",\"categories\":[\"" + category + "\"]}")
                .when().post("/api/v1/decisions/check").then().statusCode(200).extract().path("reason");
    }

    @Test
    void theSeededPolicyIsVersionOneAndAnyoneCanRecomputeAVersionsHashFromItsContent() throws Exception {
        List<String> hashes = given().when().get("/api/v1/policy/versions").then().statusCode(200).extract().path("hash");
        JsonPath first = given().when().get("/api/v1/policy/versions/" + hashes.get(hashes.size() - 1))
                .then().statusCode(200).extract().jsonPath();
        assertThat(first.getInt("number")).isEqualTo(1);
        assertThat(first.getString("publishedBy")).isEqualTo("policy-seed");
        assertThat(first.getString("classification")).isEqualTo("initial");
        assertThat(first.getList("content.purposes.code")).hasSize(10).contains("newsletter", "third-party-ads");
        assertThat(first.getList("content.categories.code")).hasSize(15);
        assertThat(first.getList("content.recipients.code")).containsExactly("google-analytics");

        for (String hash : hashes) {
            String canonical = given().when().get("/api/v1/policy/versions/" + hash).then().statusCode(200)
                    .extract().path("canonicalContent");
            String recomputed = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
            assertThat(recomputed).as("version %s", hash).isEqualTo(hash);
        }
        given().when().get("/api/v1/policy").then().statusCode(200).body("hash", equalTo(hashes.get(0)));
        given().when().get("/api/v1/policy/versions/" + "0".repeat(64)).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aPublishedVersionCannotBeChangedEvenAtTheConsole() {
        assertThatThrownBy(() -> ServiceDb.update(ServiceDatabases.CONSENT,
                "update policy_version set summary = 'edited' where version_number = 1"))
                .hasMessageContaining("immutable");
        assertThatThrownBy(() -> ServiceDb.update(ServiceDatabases.CONSENT, "delete from policy_version where version_number = 1"))
                .hasMessageContaining("immutable");
    }

    @Test
    void aNoticeOnlyChangeTellsTheSubjectAndTheConsentKeepsCounting() {
        String purpose = newPurposeCode();
        putPurpose(purpose, purposeBody("Event invitations", "consent", false, "profile.email"));
        assertThat(publish("New purpose " + purpose).getString("classification")).isEqualTo("consent-required");
        String subject = UUID.randomUUID().toString();
        String consentId = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"" + purpose + "\",\"method\":\"web-form\"}")
                .when().post("/api/v1/subjects/" + subject + "/consents").then().statusCode(201).extract().path("id");

        putPurpose(purpose, purposeBody("Invitations to our events and seminars", "consent", false, "profile.email"));
        given().auth().oauth2(officer()).when().get(DRAFT).then().statusCode(200)
                .body("classification", equalTo("notice-only"))
                .body("pendingChanges.kind", hasItem("purpose-changed"));
        JsonPath v = publish("Reworded " + purpose);
        assertThat(v.getString("classification")).isEqualTo("notice-only");

        TopicRecord notice = await().atMost(Duration.ofSeconds(30)).until(
                () -> PublishedEvents.about(EventCatalogue.POLICY_TOPIC, subject), l -> l.size() == 1).get(0);
        PublishedEvents.assertContractHolds(notice, EventCatalogue.POLICY_CHANGE_NOTICE.type(), "consent-service", subject);
        JsonPath n = JsonPath.from(notice.value());
        assertThat(n.getString("action")).isEqualTo("notify");
        assertThat(n.getString("policyVersion")).isEqualTo(v.getString("hash"));
        assertThat(n.getList("consentsNeedingRenewal")).isEmpty();
        assertThat(check(subject, purpose, "profile.email")).isEqualTo("consent-given");
        assertThat((String) ServiceDb.single(ServiceDatabases.CONSENT, "select state from consent_record where id = ?::uuid", consentId))
                .isEqualTo("granted");

        List<TopicRecord> published = PublishedEvents.about(EventCatalogue.POLICY_TOPIC, EventCatalogue.POLICY_KEY);
        assertThat(published).anySatisfy(r -> {
            PublishedEvents.assertContractHolds(r, EventCatalogue.POLICY_VERSION_PUBLISHED.type(), "consent-service",
                    EventCatalogue.POLICY_KEY);
            assertThat(r.value()).contains(v.getString("hash"), "\"classification\":\"notice-only\"");
        });
    }

    @Test
    void aConsentRequiredChangeStopsTheOldConsentUntilTheSubjectConsentsAgain() {
        String purpose = newPurposeCode();
        putPurpose(purpose, purposeBody("Product surveys", "consent", false, "profile.email"));
        publish("New purpose " + purpose);
        String subject = UUID.randomUUID().toString();
        String grants = "/api/v1/subjects/" + subject + "/consents";
        String old = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"" + purpose + "\",\"method\":\"web-form\"}")
                .when().post(grants).then().statusCode(201).extract().path("id");

        // The purpose now also uses the phone number: beyond what the subject's receipt lists.
        putPurpose(purpose, purposeBody("Product surveys", "consent", false, "profile.email", "profile.phone"));
        JsonPath v = publish("Surveys by phone too");
        assertThat(v.getString("classification")).isEqualTo("consent-required");
        assertThat(v.getList("changes.kind")).contains("purpose-category-added");

        given().auth().oauth2(TestTokens.subject(subject)).when().get(grants + "/" + old).then().statusCode(200)
                .body("state", equalTo("reconsent-required"));
        assertThat(check(subject, purpose, "profile.email")).isEqualTo("reconsent-required");
        List<TopicRecord> consentEvents = await().atMost(Duration.ofSeconds(30)).until(
                () -> PublishedEvents.about(EventCatalogue.CONSENT_TOPIC, subject), l -> l.size() == 2);
        PublishedEvents.assertContractHolds(consentEvents.get(1), EventCatalogue.CONSENT_RECONSENT_REQUIRED.type(),
                "consent-service", subject);
        TopicRecord notice = await().atMost(Duration.ofSeconds(30)).until(
                () -> PublishedEvents.about(EventCatalogue.POLICY_TOPIC, subject), l -> l.size() == 1).get(0);
        assertThat(JsonPath.from(notice.value()).getString("action")).isEqualTo("reconsent");
        assertThat(JsonPath.from(notice.value()).getList("consentsNeedingRenewal")).containsExactly(old);

        // Consenting again renews: a new record under the new version; the old one is superseded.
        String renewed = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"" + purpose + "\",\"method\":\"web-form\"}")
                .when().post(grants).then().statusCode(201)
                .body("policyVersion", equalTo(v.getString("hash"))).body("categories", hasItem("profile.phone"))
                .extract().path("id");
        assertThat(renewed).isNotEqualTo(old);
        assertThat(check(subject, purpose, "profile.phone")).isEqualTo("consent-given");
        given().auth().oauth2(TestTokens.subject(subject)).when().get(grants + "/" + old + "/history").then().statusCode(200)
                .body("action", equalTo(List.of("granted", "reconsent-required", "superseded")));
    }

    @Test
    void publishingAnUnchangedDraftIsAConflict() {
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"summary\":\"nothing\"}")
                .when().post("/api/v1/policy/versions").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aDraftEditThatWouldBreakThePolicyIsRefusedAndChangesNothing() {
        String purpose = newPurposeCode();
        given().auth().oauth2(officer()).contentType(ContentType.JSON)
                .body(purposeBody("Broken", "consent", false, "profile.shoe-size"))
                .when().put(DRAFT + "/purposes/" + purpose).then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params.name", hasItem("purposes." + purpose + ".categories"));
        given().auth().oauth2(officer()).contentType(ContentType.JSON)
                .body(purposeBody("Sold to partners", "contract", true, "profile.email"))
                .when().put(DRAFT + "/purposes/" + purpose).then().statusCode(400)
                .body("invalid-params.name", hasItem("purposes." + purpose + ".legalBasis"));
        given().auth().oauth2(officer()).contentType(ContentType.JSON)
                .body("{\"name\":\"X\",\"address\":\"Tokyo\",\"representative\":\"CEO\",\"purposes\":[\"newsletter\"]}")
                .when().put(DRAFT + "/recipients/x-corp").then().statusCode(400)
                .body("invalid-params.name", hasItem("recipients.x-corp.purposes"));
        given().auth().oauth2(officer()).when().delete(DRAFT + "/categories/profile.email").then().statusCode(409);
        given().auth().oauth2(officer()).when().delete(DRAFT + "/purposes/" + purpose).then().statusCode(404);
        given().auth().oauth2(officer()).when().get(DRAFT).then().statusCode(200)
                .body("content.purposes.code", not(hasItem(purpose)))
                .body("content.recipients.code", not(hasItem("x-corp")));
    }

    @Test
    void onlyPrivacyOfficersTouchTheDraftWhileAnyoneReadsThePublishedPolicy() {
        String body = purposeBody("Nope", "consent", false, "profile.email");
        for (String token : List.of(TestTokens.subject(UUID.randomUUID().toString()), TestTokens.operator(),
                TestTokens.recipient(), TestTokens.service(LocalIdentities.DATA_REQUEST_SERVICE))) {
            given().auth().oauth2(token).when().get(DRAFT).then().statusCode(403);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .when().put(DRAFT + "/purposes/nope").then().statusCode(403);
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"summary\":\"x\"}")
                    .when().post("/api/v1/policy/versions").then().statusCode(403);
            given().auth().oauth2(token).when().get("/api/v1/policy").then().statusCode(200);
        }
        given().when().get(DRAFT).then().statusCode(401);
        given().when().get("/api/v1/policy/versions").then().statusCode(200);
    }
}
