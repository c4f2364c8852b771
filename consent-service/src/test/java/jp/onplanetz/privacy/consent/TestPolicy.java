package jp.onplanetz.privacy.consent;

import io.restassured.http.ContentType;
import jp.onplanetz.privacy.testinfra.TestTokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.equalTo;

/**
 * Policy set-up for tests, done as a privacy officer does it: through the API, edit the draft, publish.
 * Tests share one database, so a test changes only purposes and recipients of its own (codes it invents),
 * never the seeded ones other tests rely on.
 */
public final class TestPolicy {

    /** A fictional ad network the tests grant third-party consents to. */
    public static final String ACME_ADS = "acme-ads";

    private TestPolicy() {
    }

    private static volatile boolean acmeAdsPublished;

    /** Makes sure the published policy has recipient acme-ads for every seeded third-party purpose. */
    public static synchronized void ensureAcmeAds() {
        if (acmeAdsPublished) {
            return;
        }
        acmeAdsPublished = true;
        putRecipient(ACME_ADS, "Acme Ads K.K.", "third-party-ads", "third-party-ad-effect", "third-party-market",
                "anonymised-statistics");
        publish("Acme Ads K.K. receives data for advertising and statistics.");
    }

    public static void putRecipient(String code, String name, String... purposes) {
        StringBuilder list = new StringBuilder();
        for (String p : purposes) {
            list.append(list.length() == 0 ? "" : ",").append('"').append(p).append('"');
        }
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"address\":\"1-1 Marunouchi, Chiyoda-ku, Tokyo\","
                        + "\"representative\":\"Representative Director\",\"purposes\":[" + list + "]}")
                .when().put("/api/v1/policy/draft/recipients/" + code).then().statusCode(200);
    }

    /** Puts a first-party purpose that rests on consent into the draft. */
    public static void putConsentPurpose(String code, String name, String... categories) {
        StringBuilder list = new StringBuilder();
        for (String c : categories) {
            list.append(list.length() == 0 ? "" : ",").append('"').append(c).append('"');
        }
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"legalBasis\":\"consent\",\"thirdParty\":false,\"categories\":["
                        + list + "],\"dpv\":null,\"policyRef\":\"Art. 3(2)\"}")
                .when().put("/api/v1/policy/draft/purposes/" + code).then().statusCode(200);
    }

    /** The hash of the version in force. */
    public static String versionInForce() {
        return given().when().get("/api/v1/policy").then().statusCode(200).extract().path("hash");
    }

    /** Publishes the draft; a draft equal to the version in force is fine (another test published it). */
    public static void publish(String summary) {
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"summary\":\"" + summary + "\"}")
                .when().post("/api/v1/policy/versions").then().statusCode(either(equalTo(201)).or(equalTo(409)));
    }
}
