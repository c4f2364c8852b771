package jp.onplanetz.privacy.disclosurelog.support;

import io.restassured.http.ContentType;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

/** Request bodies of records, valid unless a test changes them. */
public final class Records {

    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    private Records() {
    }

    public static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    /** Appends a record as a service account would; returns its id. */
    public static String append(String path, String body) {
        return given().auth().oauth2(TestTokens.service(LocalIdentities.DATA_REQUEST_SERVICE)).contentType(ContentType.JSON)
                .body(body)
                .when().post(path)
                .then().statusCode(201).header("Location", startsWith("http"))
                .extract().path("recordId");
    }

    public static String newSubject() {
        return UUID.randomUUID().toString();
    }

    /** A provision of cookie ids to acme-ads on the recipient's confirmation of the person's consent. */
    public static String personRelated(String subject) {
        return """
                {"subjectId": "%s", "subjectIdentification": "member number 10-2048", "recipient": "acme-ads",
                 "firstDay": "%s", "items": ["cookie-id", "pages viewed"], "purpose": "third-party-ads",
                 "basis": {"type": "person-related-confirmation", "confirmedOn": "%s",
                           "confirmationMethod": "Acme Ads' written statement of 2026-11-01",
                           "recipientConsentConfirmed": true}}"""
                .formatted(subject, today(), today().minusDays(1));
    }

    public static String onConsent(String subject, String consentId) {
        return """
                {"subjectId": "%s", "recipient": "acme-ads", "firstDay": "%s", "items": ["profile.email"],
                 "purpose": "third-party-ads", "basis": {"type": "consent", "consentId": "%s"}}"""
                .formatted(subject, today(), consentId);
    }

    public static String receiving(String subject, LocalDate first, LocalDate last) {
        return """
                {"subjectId": "%s", "provider": {"name": "Facebook (Meta Platforms, Inc.)",
                  "address": "1 Hacker Way, Menlo Park, CA, USA", "representative": "Mark Zuckerberg, CEO"},
                 "providerObtainedBy": "the user's own profile entries, shared on login with Facebook",
                 "firstDay": "%s", "lastDay": "%s", "items": ["name", "profile picture"],
                 "consent": "the user consented on the Facebook login screen to share these items with us"}"""
                .formatted(subject, first, last);
    }
}
