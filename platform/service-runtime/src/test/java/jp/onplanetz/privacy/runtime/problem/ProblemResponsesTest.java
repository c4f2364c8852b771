package jp.onplanetz.privacy.runtime.problem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jp.onplanetz.privacy.runtime.testapp.Db;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Bad input gets RFC 9457 problem+json naming the offending field, and changes nothing. */
@QuarkusTest
class ProblemResponsesTest {

    private static final String SUBJECT = "problem-test-subject";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON       | {\"subject\": \"" + SUBJECT + "\", \"amount\": 5                 | body",
            "unknown field        | {\"subject\": \"" + SUBJECT + "\", \"amount\": 5, \"email\": \"x@y\"} | email",
            "wrong type           | {\"subject\": \"" + SUBJECT + "\", \"amount\": \"five\"}          | amount",
            "invalid value        | {\"subject\": \"" + SUBJECT + "\", \"amount\": 0}                 | amount",
            "missing field        | {\"subject\": \"" + SUBJECT + "\"}                                | amount",
            "blank field          | {\"subject\": \"\", \"amount\": 3}                                | subject",
            "unknown enum value   | {\"subject\": \"" + SUBJECT + "\", \"amount\": 3, \"kind\": \"GIFT\"} | kind",
            "array for an object  | [1, 2]                                                           | body",
            "field given twice    | {\"subject\": \"" + SUBJECT + "\", \"amount\": 5, \"amount\": 6}    | body",
            "number for an enum   | {\"subject\": \"" + SUBJECT + "\", \"amount\": 3, \"kind\": 1}       | kind",
    })
    void badInputIsAProblemNamingTheFieldAndChangesNothing(String name, String body, String field) {
        long before = Db.count("select count(*) from test_ledger_entry");
        long outboxBefore = Db.count("select count(*) from outbox_event");
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(body)
                .when().post("/test/ledger")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", containsString("invalid-request"))
                .body("instance", equalTo("/test/ledger"))
                .body("invalid-params.name", hasItem(field));
        assertThat(Db.count("select count(*) from test_ledger_entry")).isEqualTo(before);
        assertThat(Db.count("select count(*) from outbox_event")).isEqualTo(outboxBefore);
    }

    @Test
    void aValidRequestIsAccepted() {
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body("{\"subject\": \"" + SUBJECT + "\", \"amount\": 5, \"kind\": \"CREDIT\"}")
                .when().post("/test/ledger").then().statusCode(201);
    }

    @Test
    void noTokenIs401() {
        given().contentType(ContentType.JSON).body("{}").when().post("/test/ledger").then().statusCode(401);
    }

    @Test
    void aTokenFromAnotherIssuerIs401() {
        try (var stranger = jp.onplanetz.privacy.testinfra.oidc.LocalOidcIssuer.start(0)) {
            String forged = stranger.mint(SUBJECT, SUBJECT, Set.of(LocalIdentities.ROLE_OPERATOR));
            given().auth().oauth2(forged).when().get("/test/ledger/" + SUBJECT).then().statusCode(401);
        }
    }

    @Test
    void anExpiredTokenIs401() {
        String expired = SuiteInfrastructure.get().issuer().mint(SUBJECT, SUBJECT, Set.of(LocalIdentities.ROLE_OPERATOR),
                Duration.ofSeconds(-600));
        given().auth().oauth2(expired).when().get("/test/ledger/" + SUBJECT).then().statusCode(401);
    }

    @Test
    void aRoleNotAllowedIs403Problem() {
        given().auth().oauth2(TestTokens.recipient()).when().get("/test/ledger/" + SUBJECT)
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
    }

    @Test
    void aSubjectReachesItsOwnDataOnly() {
        given().auth().oauth2(TestTokens.subject("alice-id")).when().get("/test/ledger/alice-id").then().statusCode(200);
        given().auth().oauth2(TestTokens.subject("alice-id")).when().get("/test/ledger/bob-id")
                .then().statusCode(403).contentType("application/problem+json");
        long before = Db.count("select count(*) from test_ledger_entry");
        given().auth().oauth2(TestTokens.subject("alice-id")).contentType(ContentType.JSON)
                .body("{\"subject\": \"bob-id\", \"amount\": 5}").when().post("/test/ledger").then().statusCode(403);
        assertThat(Db.count("select count(*) from test_ledger_entry")).isEqualTo(before);
    }

    @Test
    void notFoundIsAProblem() {
        given().auth().oauth2(TestTokens.operator()).when().get("/test/ledger/nobody")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("nobody"));
        given().auth().oauth2(TestTokens.operator()).when().get("/test/no-such-path")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
