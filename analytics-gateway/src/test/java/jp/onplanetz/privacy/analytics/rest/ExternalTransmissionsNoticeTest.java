package jp.onplanetz.privacy.analytics.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jp.onplanetz.privacy.analytics.PolicyTesting;
import jp.onplanetz.privacy.analytics.PolicyTesting.Recipient;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

/**
 * The public notice of external transmissions lists the site's modules from the policy in force (Art. 7: Google
 * Analytics) before the statistics releases, and a release names only a recipient of statistics in that policy,
 * under the policy's name for it. The policy arrives as consent-service announces it, through the real broker.
 */
@QuarkusTest
class ExternalTransmissionsNoticeTest {

    @Test
    void theNoticeListsGoogleAnalyticsFirstWithWhatItSendsToWhomWhyItsPrivacyPolicyAndHowToOptOut() {
        String recipient = recipientCode();
        PolicyTesting.inForceWith(recipient);
        define(recipient, null).then().statusCode(201);

        List<Map<String, Object>> notice = given().when().get("/api/v1/external-transmissions").then().statusCode(200)
                .extract().jsonPath().getList("$");
        Map<String, Object> first = notice.get(0);
        assertThat(first.get("kind")).isEqualTo("information-collection-module");
        assertThat(first.get("module")).isEqualTo("Google Analytics");
        assertThat(first.get("recipient")).isEqualTo("google-analytics");
        assertThat(first.get("recipientName")).isEqualTo("Google LLC (Google Analytics)");
        assertThat((String) first.get("purpose")).contains("pages viewed");
        assertThat((String) first.get("data")).contains("Cookies and anonymous IDs", "IP address",
                "Operation history on our site", "Terminal information");
        assertThat(first.get("privacyPolicy")).isEqualTo("http://www.google.com/intl/ja/policies/privacy/");
        assertThat(first.get("optOut")).isEqualTo(PolicyTesting.GA_OPT_OUT);
        assertThat(first.get("policyRef")).isEqualTo("Art. 7");
        assertThat(notice).anySatisfy(t -> {
            assertThat(t.get("kind")).isEqualTo("statistics-release");
            assertThat(t.get("recipient")).isEqualTo(recipient);
        });

        String markdown = given().accept("text/markdown").when().get("/api/v1/external-transmissions").then()
                .statusCode(200).extract().asString();
        assertThat(markdown).contains("### Google Analytics (Google LLC (Google Analytics))",
                "How to opt out: " + PolicyTesting.GA_OPT_OUT, "http://www.google.com/intl/ja/policies/privacy/");
        assertThat(markdown.indexOf("Google Analytics")).isLessThan(markdown.indexOf("(" + recipient + ")"));
    }

    @Test
    void whatTheNoticeSaysOfAModuleIsWhatTheOfficerPublishedLast() {
        String changed = "Refuse cookies in your browser's settings, or install Google's add-on (" + UUID.randomUUID() + ").";
        PolicyTesting.inForce(List.of(), changed);
        given().when().get("/api/v1/external-transmissions").then().statusCode(200)
                .body("find { it.module == 'Google Analytics' }.optOut", equalTo(changed));

        // an older version arriving late does not bring the old text back
        int inForce = PolicyTesting.versionInForce();
        String late = PolicyTesting.announce(inForce - 1, List.of(), PolicyTesting.GA_OPT_OUT);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> ServiceDb.count(
                ServiceDatabases.ANALYTICS, "select count(*) from inbox_message where event_id = ?", late) == 1);
        assertThat(PolicyTesting.versionInForce()).isEqualTo(inForce);
        given().when().get("/api/v1/external-transmissions").then().statusCode(200)
                .body("find { it.module == 'Google Analytics' }.optOut", equalTo(changed));
    }

    @Test
    void aRecipientOutsideThePolicyInForceIsRefusedNamingTheFieldAndNothingIsDefined() {
        String inPolicy = recipientCode();
        String forAdsOnly = recipientCode();
        PolicyTesting.inForce(List.of(Recipient.ofStatistics(inPolicy),
                new Recipient(forAdsOnly, "Ads Only K.K.", List.of("third-party-ad-effect"))), PolicyTesting.GA_OPT_OUT);
        long before = definitions();

        define(recipientCode(), null).then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params.name", containsInAnyOrder("recipient"));
        // in the policy, but not as a recipient of statistics
        define(forAdsOnly, null).then().statusCode(400).body("invalid-params.name", containsInAnyOrder("recipient"));
        define("google-analytics", null).then().statusCode(400).body("invalid-params.name", containsInAnyOrder("recipient"));
        assertThat(definitions()).isEqualTo(before);
        given().when().get("/api/v1/external-transmissions").then().statusCode(200)
                .body("findAll { it.kind == 'statistics-release' }.recipient", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasItem(forAdsOnly)));
    }

    @Test
    void theRecipientsNameIsThePolicysAndADifferentOneIsRefused() {
        String recipient = recipientCode();
        PolicyTesting.inForceWith(recipient);
        long before = definitions();
        define(recipient, "Somebody Else K.K.").then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params.name", containsInAnyOrder("recipientName"));
        assertThat(definitions()).isEqualTo(before);

        JsonPath made = define(recipient, null).then().statusCode(201).extract().jsonPath();
        assertThat(made.getString("recipientName")).isEqualTo("Recipient " + recipient);
        define(recipient, "Recipient " + recipient).then().statusCode(201).body("recipientName",
                equalTo("Recipient " + recipient));
        given().when().get("/api/v1/external-transmissions").then().statusCode(200)
                .body("find { it.recipient == '" + recipient + "' }.recipientName", equalTo("Recipient " + recipient));
    }

    private static io.restassured.response.Response define(String recipient, String recipientName) {
        String body = """
                {"recipient":"%s",%s"purpose":"advertising-effectiveness","dimensions":["gender"],
                 "measure":"distinct-people","window":"P1D","epsilon":0.5}"""
                .formatted(recipient, recipientName == null ? "" : "\"recipientName\":\"" + recipientName + "\",");
        return given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(body).when()
                .post("/api/v1/release-definitions");
    }

    private static long definitions() {
        return ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from release_definition");
    }

    private static String recipientCode() {
        return "n-" + UUID.randomUUID().toString().substring(0, 8).replaceAll("[0-9]", "x");
    }

}
