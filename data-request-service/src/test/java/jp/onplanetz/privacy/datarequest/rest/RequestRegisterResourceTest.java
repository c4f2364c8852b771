package jp.onplanetz.privacy.datarequest.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static jp.onplanetz.privacy.datarequest.testing.DataRequestTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** The register of requests, for the privacy officer: how each request was verified, decided and carried out. */
@QuarkusTest
class RequestRegisterResourceTest {

    private static final String REGISTER = "/api/v1/request-register";
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

    @Test
    void theRegisterListsEveryRequestOfThePeriodWithHowItWasHandledAsJsonOrCsv() {
        String subject = newSubject();
        String done = file(subject, "{\"type\": \"deletion\", \"details\": \"private words\"}");
        allSystemsComplete(done, subject);
        awaitStatus(done, "completed");
        String pending = fileUnverified(subject, "disclosure");

        as("privacy-officer", subject).when().get(REGISTER + "?from=" + TODAY + "&to=" + TODAY).then().statusCode(200)
                .body("from", equalTo(TODAY.toString())).body("to", equalTo(TODAY.toString()))
                .body("requests.requestId", hasItem(done)).body("requests.requestId", hasItem(pending))
                .body("requests.find { it.requestId == '" + done + "' }.status", equalTo("completed"))
                .body("requests.find { it.requestId == '" + done + "' }.verificationMethod", equalTo("sign-in"))
                .body("requests.find { it.requestId == '" + done + "' }.answers.system", equalTo(SUITE_SYSTEMS))
                .body("requests.find { it.requestId == '" + done + "' }.answers.outcome",
                        equalTo(List.of("completed", "completed", "completed")))
                .body("requests.find { it.requestId == '" + pending + "' }.status", equalTo("received"))
                .body("requests.find { it.requestId == '" + pending + "' }.filedBy", equalTo("operator"));
        String csv = as("privacy-officer", subject).accept("text/csv")
                .when().get(REGISTER + "?from=" + TODAY + "&to=" + TODAY).then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).startsWith("requestId,subjectId,type,status,filedBy,receivedAt");
        assertThat(lines).anyMatch(l -> l.startsWith(done + "," + subject + ",deletion,completed,subject,")
                && l.endsWith("analytics-gateway:completed:1 consent-service:completed:1 disclosure-log-service:completed:1"));
        assertThat(csv).as("free text stays in the request").doesNotContain("private words");

        // an earlier period has none of them
        as("privacy-officer", subject).when().get(REGISTER + "?from=" + TODAY.minusDays(3) + "&to=" + TODAY.minusDays(2))
                .then().statusCode(200).body("requests.requestId", not(hasItem(done)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no from        | to=2026-12-01                  | from",
            "no to          | from=2026-12-01                | to",
            "bad from       | from=yesterday&to=2026-12-01   | from",
            "bad to         | from=2026-12-01&to=2026-13-01  | to",
            "to before from | from=2026-12-02&to=2026-12-01  | to",
    })
    void aBadPeriodIsAProblemNamingTheParameter(String name, String query, String field) {
        as("privacy-officer", newSubject()).when().get(REGISTER + "?" + query).then().statusCode(400)
                .contentType("application/problem+json").body("invalid-params.name", hasItem(field));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "privacy-officer | 200", "operator | 403", "subject | 403", "recipient | 403", "service | 403", "none | 401"})
    void onlyAPrivacyOfficerExportsTheRegister(String caller, int expected) {
        as(caller, newSubject()).accept(ContentType.JSON).when().get(REGISTER + "?from=" + TODAY + "&to=" + TODAY)
                .then().statusCode(expected);
    }
}
