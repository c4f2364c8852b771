package jp.onplanetz.privacy.datarequest.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static jp.onplanetz.privacy.datarequest.testing.DataRequestTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * A disclosure's answer: one bundle made of every system's answer, in the format the subject chose, for the subject
 * alone, holding that subject's data and nobody else's.
 */
@QuarkusTest
class BundleTest {

    @Test
    void theSubjectDownloadsOneBundleWithEverySystemsAnswerAndOnlyItsOwnData() {
        String subject = newSubject();
        String other = newSubject();
        String id = file(subject, "{\"type\": \"disclosure\"}");
        String othersId = file(other, "{\"type\": \"disclosure\"}");
        answer("consent-service", id, subject, "completed", "2 consents", 2,
                "{\"consents\": [{\"purpose\": \"newsletter\", \"state\": \"granted\"}, {\"purpose\": \"own-marketing\","
                        + " \"state\": \"withdrawn\"}]}");
        answer("disclosure-log-service", id, subject, "nothing-held", "No records of provision about you.", 0, null);
        answer("analytics-gateway", id, subject, "completed", "1 usage event", 1,
                "{\"events\": [{\"page\": \"/pricing\", \"ageBand\": \"30-39\"}]}");
        for (String system : SUITE_SYSTEMS) {
            answer(system, othersId, other, "completed", "the other's", 1, "{\"secret\": \"" + other + "\"}");
        }
        awaitStatus(id, "completed");
        awaitStatus(othersId, "completed");

        as("subject", subject).when().get(PATH + "/" + id).then().statusCode(200)
                .body("bundle.format", equalTo("json")).body("bundle.href", equalTo(PATH + "/" + id + "/bundle"));
        Response bundle = as("subject", subject).when().get(PATH + "/" + id + "/bundle");
        bundle.then().statusCode(200).contentType("application/json")
                .header("Content-Disposition", equalTo("attachment; filename=\"personal-data-" + id + ".json\""))
                .body("requestId", equalTo(id)).body("subjectId", equalTo(subject))
                .body("systems.system", equalTo(SUITE_SYSTEMS))
                .body("systems.outcome", equalTo(List.of("completed", "completed", "nothing-held")))
                .body("systems.find { it.system == 'consent-service' }.data.consents.purpose",
                        equalTo(List.of("newsletter", "own-marketing")))
                .body("systems.find { it.system == 'analytics-gateway' }.data.events[0].page", equalTo("/pricing"))
                .body("systems.find { it.system == 'disclosure-log-service' }.detail",
                        equalTo("No records of provision about you."))
                .body("systems.find { it.system == 'disclosure-log-service' }.data", equalTo(null));
        assertThat(bundle.asString()).doesNotContain(other);

        // nobody else: not another subject (not found), not the company's staff (forbidden)
        as("other-subject", subject).when().get(PATH + "/" + id + "/bundle").then().statusCode(404)
                .contentType("application/problem+json");
        as("subject", other).when().get(PATH + "/" + id + "/bundle").then().statusCode(404);
        for (String staff : List.of("operator", "privacy-officer", "recipient", "service")) {
            as(staff, subject).when().get(PATH + "/" + id + "/bundle").then().statusCode(403);
        }
        as("none", subject).when().get(PATH + "/" + id + "/bundle").then().statusCode(401);
    }

    @Test
    void aCsvBundleHasARowPerDisclosedValueAndDefusesFormulas() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"provision-record-disclosure\", \"format\": \"csv\"}");
        answer("disclosure-log-service", id, subject, "completed", "1 record", 1,
                "{\"records\": [{\"recipient\": \"acme-ads\", \"items\": [\"email\", \"age\"], \"note\": \"=HYPERLINK(1)\"}],"
                        + " \"marks\": []}");
        answer("consent-service", id, subject, "not-applicable", "The disclosure log keeps the records.", null, null);
        answer("analytics-gateway", id, subject, "not-applicable", "No provision, no records.", null, null);
        awaitStatus(id, "completed");

        String csv = as("subject", subject).when().get(PATH + "/" + id + "/bundle").then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", equalTo("attachment; filename=\"personal-data-" + id + ".csv\""))
                .extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("system,outcome,field,value");
        assertThat(lines).contains("disclosure-log-service,completed,data.records[0].recipient,acme-ads",
                "disclosure-log-service,completed,data.records[0].items[0],email",
                "disclosure-log-service,completed,data.records[0].items[1],age",
                "disclosure-log-service,completed,data.records[0].note,'=HYPERLINK(1)",
                "disclosure-log-service,completed,data.marks,[]",
                "consent-service,not-applicable,detail,The disclosure log keeps the records.",
                ",,requestId," + id);
        assertThat(csv).contains("\r\n");
    }

    @Test
    void thereIsNoBundleBeforeCompletionNorForAnythingButADisclosure() {
        String subject = newSubject();
        String disclosure = file(subject, "{\"type\": \"disclosure\"}");
        as("subject", subject).when().get(PATH + "/" + disclosure + "/bundle").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("https://privacy.onplanetz.jp/problems/bundle-not-ready"));
        String deletion = file(subject, "{\"type\": \"deletion\"}");
        allSystemsComplete(deletion, subject);
        awaitStatus(deletion, "completed");
        as("subject", subject).when().get(PATH + "/" + deletion + "/bundle").then().statusCode(409)
                .body("type", equalTo("https://privacy.onplanetz.jp/problems/no-bundle"));
        as("subject", subject).when().get(PATH + "/" + deletion).then().statusCode(200).body("bundle", equalTo(null));
    }
}
