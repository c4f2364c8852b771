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
            "trailing content     | {\"subject\": \"" + SUBJECT + "\", \"amount\": 5} xyz             | body",
            "a second document    | {\"subject\": \"" + SUBJECT + "\", \"amount\": 5} {}              | body",
            "number for text      | {\"subject\": 12345, \"amount\": 5}                           | subject",
            "boolean for text     | {\"subject\": true, \"amount\": 5}                            | subject",
            "text for a number    | {\"subject\": \"" + SUBJECT + "\", \"amount\": \"5\"}           | amount",
            "fraction for integer | {\"subject\": \"" + SUBJECT + "\", \"amount\": 5.5}               | amount",
            "text for a boolean   | {\"subject\": \"" + SUBJECT + "\", \"amount\": 5, \"urgent\": \"true\"} | urgent",
            "number for a boolean | {\"subject\": \"" + SUBJECT + "\", \"amount\": 5, \"urgent\": 1} | urgent",
            "NUL in text          | {\"subject\": \"a\\u0000b\", \"amount\": 5}                     | subject",
            "escape in text       | {\"subject\": \"a\\u001bb\", \"amount\": 5}                     | subject",
            "C1 control in text   | {\"subject\": \"a\\u0085b\", \"amount\": 5}                     | subject",
            "bidi override        | {\"subject\": \"a\\u202eb\", \"amount\": 5}                     | subject",
            "bidi isolate         | {\"subject\": \"a\\u2067b\", \"amount\": 5}                     | subject",
            "unpaired surrogate   | {\"subject\": \"a\\ud800b\", \"amount\": 5}                     | subject",
            "line feed in a name  | {\"subject\": \"a\\nb\", \"amount\": 5}                         | subject",
            "NUL in prose         | {\"subject\": \"" + SUBJECT + "\", \"amount\": 5, \"note\": \"a\\u0000\"} | note",
            "bidi in prose        | {\"subject\": \"" + SUBJECT + "\", \"amount\": 5, \"note\": \"a\\u202e\"} | note",
            "a string for a body  | \"{\\\"subject\\\": 1}\"                                          | body",
            "empty text for body  | \"\"                                                             | body",
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
    void textLongerThanAnyFieldMayHoldIsRefusedEvenWithoutItsOwnLimit() {
        long before = Db.count("select count(*) from test_ledger_entry");
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body("{\"subject\": \"" + SUBJECT + "\", \"amount\": 5, \"note\": \"" + "x".repeat(10_001) + "\"}")
                .when().post("/test/ledger")
                .then().statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem("note"));
        assertThat(Db.count("select count(*) from test_ledger_entry")).isEqualTo(before);
    }

    @Test
    void proseMayHoldLineBreaksAndTabs() {
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body("{\"subject\": \"" + SUBJECT + "\", \"amount\": 5, \"note\": \"first line\\r\\n\\tsecond\"}")
                .when().post("/test/ledger").then().statusCode(201);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "text/plain                        | 415",
            "application/xml                   | 415",
            "application/x-www-form-urlencoded | 415",
    })
    void aBodyMustBeJson(String contentType, int status) {
        long before = Db.count("select count(*) from test_ledger_entry");
        given().auth().oauth2(TestTokens.operator()).contentType(contentType)
                .body("{\"subject\": \"" + SUBJECT + "\", \"amount\": 5}")
                .when().post("/test/ledger").then().statusCode(status).contentType("application/problem+json");
        assertThat(Db.count("select count(*) from test_ledger_entry")).isEqualTo(before);
    }

    @Test
    void anEmptyOrMissingBodyIs400() {
        long before = Db.count("select count(*) from test_ledger_entry");
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body("")
                .when().post("/test/ledger").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.operator())
                .when().post("/test/ledger").then().statusCode(400).contentType("application/problem+json");
        assertThat(Db.count("select count(*) from test_ledger_entry")).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NUL, a%00b", "escape, a%1Bb", "bidi override, a%E2%80%AEb", "C1 control, a%C2%85b"})
    void aPathOrQueryParameterWithRefusedCharactersIs400NamingIt(String what, String encoded) {
        given().auth().oauth2(TestTokens.operator()).urlEncodingEnabled(false)
                .when().get("/test/ledger/" + encoded)
                .then().statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem("subject"));
        given().auth().oauth2(TestTokens.operator()).urlEncodingEnabled(false)
                .when().get("/test/ledger/" + SUBJECT + "?view=" + encoded)
                .then().statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem("view"));
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
