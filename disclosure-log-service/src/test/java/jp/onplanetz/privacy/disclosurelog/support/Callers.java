package jp.onplanetz.privacy.disclosurelog.support;

import io.restassured.specification.RequestSpecification;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

/** The kinds of caller the registers' role matrices name, and what every paged register must do. */
public final class Callers {

    private Callers() {
    }

    /**
     * A request by {@code caller}: privacy-officer, operator, subject, recipient, service (svc-consent), a service
     * account by its role (svc-consent, svc-data-request, svc-analytics, svc-disclosure-log), or none (no token).
     */
    public static RequestSpecification as(String caller) {
        return switch (caller) {
            case "privacy-officer" -> given().auth().oauth2(TestTokens.privacyOfficer());
            case "operator" -> given().auth().oauth2(TestTokens.operator());
            case "subject" -> given().auth().oauth2(TestTokens.subject(UUID.randomUUID().toString()));
            case "recipient" -> given().auth().oauth2(TestTokens.recipient());
            case "service", "svc-consent" -> given().auth().oauth2(TestTokens.service(LocalIdentities.CONSENT_SERVICE));
            case "svc-data-request" -> given().auth().oauth2(TestTokens.service(LocalIdentities.DATA_REQUEST_SERVICE));
            case "svc-analytics" -> given().auth().oauth2(TestTokens.service(LocalIdentities.ANALYTICS_GATEWAY));
            case "svc-disclosure-log" -> given().auth().oauth2(TestTokens.service(LocalIdentities.DISCLOSURE_LOG_SERVICE));
            case "none" -> given();
            default -> throw new IllegalArgumentException(caller);
        };
    }

    /**
     * Reads the register at {@code path} page by page (two entries a page) and checks that it lists every row of
     * {@code table} once, and the entries just added ({@code newest}) last, in the order they were made.
     */
    public static void assertPagedInOrder(String path, String table, List<String> newest) {
        int total = given().auth().oauth2(TestTokens.operator()).when().get(path + "?size=1")
                .then().statusCode(200).body("items", hasSize(1)).extract().path("total");
        assertThat(total).isEqualTo((int) ServiceDb.count(ServiceDatabases.DISCLOSURE_LOG, "select count(*) from " + table));
        List<String> all = new ArrayList<>();
        for (int page = 0; page * 2 < total; page++) {
            all.addAll(given().auth().oauth2(TestTokens.privacyOfficer()).when().get(path + "?size=2&page=" + page)
                    .then().statusCode(200).extract().path("items.id"));
        }
        assertThat(all).hasSize(total).doesNotHaveDuplicates().endsWith(newest.toArray(String[]::new));
    }
}
