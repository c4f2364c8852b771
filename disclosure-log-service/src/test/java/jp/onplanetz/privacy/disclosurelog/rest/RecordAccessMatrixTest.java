package jp.onplanetz.privacy.disclosurelog.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.Records.append;
import static jp.onplanetz.privacy.disclosurelog.support.Records.newSubject;
import static jp.onplanetz.privacy.disclosurelog.support.Records.personRelated;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every record and ledger endpoint against every kind of caller, with real signed tokens: who may call it gets
 * past security (any status but 401/403), everyone else is refused (401 without a token, 403 with the wrong role).
 * Nobody can change a record: no endpoint accepts PUT, PATCH or DELETE on a record.
 */
@QuarkusTest
class RecordAccessMatrixTest {

    private static final String SUBJECT = newSubject();
    private static String recordId;

    /** The callers, by name; each call mints a fresh token. */
    static final Map<String, Supplier<String>> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("no token", () -> null);
        CALLERS.put("the subject", () -> TestTokens.subject(SUBJECT));
        CALLERS.put("another subject", () -> TestTokens.subject(newSubject()));
        CALLERS.put("privacy-officer", TestTokens::privacyOfficer);
        CALLERS.put("operator", TestTokens::operator);
        CALLERS.put("recipient", TestTokens::recipient);
        CALLERS.put("svc-consent", () -> TestTokens.service(LocalIdentities.CONSENT_SERVICE));
        CALLERS.put("svc-data-request", () -> TestTokens.service(LocalIdentities.DATA_REQUEST_SERVICE));
        CALLERS.put("svc-analytics", () -> TestTokens.service(LocalIdentities.ANALYTICS_GATEWAY));
        CALLERS.put("svc-disclosure-log", () -> TestTokens.service(LocalIdentities.DISCLOSURE_LOG_SERVICE));
    }

    static final Set<String> SERVICES = Set.of("svc-consent", "svc-data-request", "svc-analytics");

    record Endpoint(String method, String path, Set<String> allowed) {
    }

    static List<Endpoint> endpoints() {
        List<Endpoint> e = new ArrayList<>();
        e.add(new Endpoint("POST", "/api/v1/records/provisions", SERVICES));
        e.add(new Endpoint("POST", "/api/v1/records/provisions/batch", SERVICES));
        e.add(new Endpoint("POST", "/api/v1/records/receivings", SERVICES));
        e.add(new Endpoint("POST", "/api/v1/records/receivings/batch", SERVICES));
        e.add(new Endpoint("GET", "/api/v1/records", Set.of("privacy-officer")));
        e.add(new Endpoint("GET", "/api/v1/records/export", Set.of("privacy-officer")));
        e.add(new Endpoint("GET", "/api/v1/records/{record}", Set.of("privacy-officer", "operator")));
        e.add(new Endpoint("GET", "/api/v1/subjects/{subject}/records", Set.of("the subject", "privacy-officer", "operator")));
        e.add(new Endpoint("GET", "/api/v1/legal-exception-uses", Set.of("privacy-officer")));
        e.add(new Endpoint("GET", "/api/v1/subject-request-marks", Set.of("privacy-officer", "operator")));
        e.add(new Endpoint("GET", "/api/v1/subject-request-marks?subject={subject}", Set.of("privacy-officer", "operator")));
        e.add(new Endpoint("GET", "/api/v1/ledger/logs", Set.of("the subject", "another subject", "privacy-officer", "operator")));
        e.add(new Endpoint("GET", "/api/v1/ledger/logs/shard-00/checkpoints/latest",
                Set.of("the subject", "another subject", "privacy-officer", "operator")));
        e.add(new Endpoint("GET", "/api/v1/ledger/logs/shard-00/proofs/inclusion?index=0&treeSize=1",
                Set.of("the subject", "another subject", "privacy-officer", "operator")));
        e.add(new Endpoint("GET", "/api/v1/ledger/logs/shard-00/proofs/consistency?first=1&second=1",
                Set.of("the subject", "another subject", "privacy-officer", "operator")));
        e.add(new Endpoint("POST", "/api/v1/ledger/verifications", Set.of("privacy-officer", "operator")));
        e.add(new Endpoint("GET", "/api/v1/ledger/key", CALLERS.keySet()));
        return e;
    }

    static Stream<Object[]> cases() {
        return endpoints().stream().flatMap(e -> CALLERS.keySet().stream().map(c -> new Object[] {e, c}));
    }

    @BeforeEach
    void aRecord() {
        if (recordId == null) {
            recordId = append("/api/v1/records/provisions", personRelated(SUBJECT));
        }
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("cases")
    void onlyTheNamedCallersGetThrough(Endpoint endpoint, String caller) {
        String token = CALLERS.get(caller).get();
        var request = given().contentType(ContentType.JSON).body(endpoint.method().equals("POST") ? "{}" : "");
        if (token != null) {
            request.auth().oauth2(token);
        }
        String path = endpoint.path().replace("{record}", recordId).replace("{subject}", SUBJECT);
        int status = request.when().request(endpoint.method(), path).then().extract().statusCode();
        if (endpoint.allowed().contains(caller)) {
            assertThat(status).as(endpoint + " by " + caller).isNotIn(401, 403);
        } else {
            assertThat(status).as(endpoint + " by " + caller).isEqualTo(token == null ? 401 : 403);
        }
    }

    @ParameterizedTest(name = "{0} on a record")
    @MethodSource("changes")
    void nobodyCanChangeOrRemoveARecord(String method) {
        for (Supplier<String> caller : CALLERS.values()) {
            String token = caller.get();
            var request = given().contentType(ContentType.JSON).body("{}");
            if (token != null) {
                request.auth().oauth2(token);
            }
            int status = request.when().request(method, "/api/v1/records/" + recordId).then().extract().statusCode();
            assertThat(status).as(method).isIn(401, 403, 404, 405);
        }
    }

    static Stream<String> changes() {
        return Stream.of("PUT", "PATCH", "DELETE");
    }
}
