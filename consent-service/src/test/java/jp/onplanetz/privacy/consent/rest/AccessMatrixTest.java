package jp.onplanetz.privacy.consent.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the service against every kind of caller, through real signed tokens: the table below
 * is the access policy, and the test proves each cell, the refusals as much as the grants.
 */
@QuarkusTest
class AccessMatrixTest {

    enum Caller {
        SUBJECT_ITSELF, OTHER_SUBJECT, OPERATOR, PRIVACY_OFFICER, RECIPIENT, SVC_ANALYTICS, SVC_DISCLOSURE_LOG,
        SVC_DATA_REQUEST, SVC_CONSENT, ANONYMOUS
    }

    private record Endpoint(String method, String path, String body, Set<Caller> allowed) {
    }

    private static final Set<Caller> EVERYONE = EnumSet.allOf(Caller.class);
    private static final Set<Caller> AUTHENTICATED = EnumSet.complementOf(EnumSet.of(Caller.ANONYMOUS));
    private static final Set<Caller> SUBJECT_OR_OPERATOR = EnumSet.of(Caller.SUBJECT_ITSELF, Caller.OPERATOR);
    private static final Set<Caller> SUBJECT_OPERATOR_OFFICER = EnumSet.of(Caller.SUBJECT_ITSELF, Caller.OPERATOR, Caller.PRIVACY_OFFICER);
    private static final Set<Caller> OFFICER = EnumSet.of(Caller.PRIVACY_OFFICER);
    /** The services that ask before they use data. */
    private static final Set<Caller> USING_SERVICES = EnumSet.of(Caller.SVC_ANALYTICS, Caller.SVC_DISCLOSURE_LOG, Caller.SVC_DATA_REQUEST);

    private final String subject = UUID.randomUUID().toString();

    private String token(Caller c) {
        return switch (c) {
            case SUBJECT_ITSELF -> TestTokens.subject(subject);
            case OTHER_SUBJECT -> TestTokens.subject(UUID.randomUUID().toString());
            case OPERATOR -> TestTokens.operator();
            case PRIVACY_OFFICER -> TestTokens.privacyOfficer();
            case RECIPIENT -> TestTokens.recipient();
            case SVC_ANALYTICS -> TestTokens.service(LocalIdentities.ANALYTICS_GATEWAY);
            case SVC_DISCLOSURE_LOG -> TestTokens.service(LocalIdentities.DISCLOSURE_LOG_SERVICE);
            case SVC_DATA_REQUEST -> TestTokens.service(LocalIdentities.DATA_REQUEST_SERVICE);
            case SVC_CONSENT -> TestTokens.service(LocalIdentities.CONSENT_SERVICE);
            case ANONYMOUS -> null;
        };
    }

    private static Set<Caller> union(Set<Caller> a, Set<Caller> b) {
        Set<Caller> all = EnumSet.copyOf(a);
        all.addAll(b);
        return all;
    }

    @Test
    void everyEndpointAnswersOnlyTheCallersItNames() {
        String consents = "/api/v1/subjects/" + subject + "/consents";
        String consentId = given().auth().oauth2(token(Caller.SUBJECT_ITSELF)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"newsletter\",\"method\":\"web-form\"}").when().post(consents)
                .then().statusCode(201).extract().path("id");
        String question = "{\"subjectId\":\"" + subject + "\",\"purpose\":\"newsletter\",\"categories\":[\"profile.email\"]}";
        String controller = "{\"name\":\"Onplanetz Co., Ltd.\",\"contact\":\"admin@onplanetz.com\",\"address\":null}";

        List<Endpoint> table = List.of(
                new Endpoint("GET", "/api/v1/policy", null, EVERYONE),
                new Endpoint("GET", "/api/v1/policy/versions", null, EVERYONE),
                new Endpoint("GET", "/api/v1/receipts/keys", null, EVERYONE),
                new Endpoint("GET", "/api/v1/purposes", null, AUTHENTICATED),
                new Endpoint("GET", "/api/v1/policy/draft", null, OFFICER),
                new Endpoint("PUT", "/api/v1/policy/draft/controller", controller, OFFICER),
                new Endpoint("POST", "/api/v1/policy/versions", "{\"summary\":\"access test\"}", OFFICER),
                new Endpoint("POST", consents, "{\"purpose\":\"newsletter\",\"method\":\"web-form\"}", SUBJECT_OR_OPERATOR),
                new Endpoint("GET", consents, null, SUBJECT_OPERATOR_OFFICER),
                new Endpoint("GET", consents + "/" + consentId, null, SUBJECT_OPERATOR_OFFICER),
                new Endpoint("GET", consents + "/" + consentId + "/history", null, SUBJECT_OPERATOR_OFFICER),
                new Endpoint("GET", consents + "/" + consentId + "/receipt", null, SUBJECT_OPERATOR_OFFICER),
                new Endpoint("GET", "/api/v1/consents/" + consentId + "/standing?at=" + Instant.now(), null,
                        EnumSet.of(Caller.SVC_DISCLOSURE_LOG, Caller.PRIVACY_OFFICER)),
                new Endpoint("POST", "/api/v1/decisions/check", question, union(USING_SERVICES, OFFICER)),
                new Endpoint("POST", "/api/v1/decisions/use", question, USING_SERVICES),
                // last: once withdrawn, the allowed callers get 409, which is still not a refusal
                new Endpoint("POST", consents + "/" + consentId + "/withdrawal", null, SUBJECT_OR_OPERATOR));

        List<String> wrong = new ArrayList<>();
        for (Endpoint e : table) {
            for (Caller c : Caller.values()) {
                RequestSpecification req = given();
                String t = token(c);
                if (t != null) {
                    req = req.auth().oauth2(t);
                }
                if (e.body() != null) {
                    req = req.contentType(ContentType.JSON).body(e.body());
                }
                Response r = req.when().request(e.method(), e.path());
                int status = r.statusCode();
                boolean refused = status == 401 || (status == 403 && !r.asString().contains("use-denied"));
                String cell = e.method() + " " + e.path() + " as " + c + " -> " + status;
                if (e.allowed().contains(c) == refused) {
                    wrong.add(cell + (refused ? " (should be answered)" : " (should be refused)"));
                }
                if (refused) {
                    assertThat(r.contentType()).as(cell).startsWith("application/problem+json");
                    assertThat(status).as(cell).isEqualTo(c == Caller.ANONYMOUS ? 401 : 403);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }
}
