package jp.onplanetz.privacy.datarequest.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.UUID;

import static jp.onplanetz.privacy.datarequest.testing.DataRequestTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * The register of systems that hold personal data: a request goes to every system active when it starts, the
 * company's outside systems as much as the suite's own, and completes only when all of them answered.
 */
@QuarkusTest
class DataHolderSystemResourceTest {

    private static final String SYSTEMS = "/api/v1/data-holders";

    @Test
    void anOutsideSystemRegisteredByAnOfficerIsGivenEveryNewRequestUntilItIsRetired() {
        String code = "crm-" + UUID.randomUUID().toString().substring(0, 8);
        String subject = newSubject();
        as("privacy-officer", subject).contentType(ContentType.JSON)
                .body("{\"code\": \"" + code + "\", \"name\": \"Legacy CRM\", \"contact\": \"crm-team@example.jp\"}")
                .when().post(SYSTEMS).then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith(SYSTEMS + "/" + code))
                .body("code", equalTo(code)).body("partOfSuite", equalTo(false)).body("active", equalTo(true));
        String id;
        try {
            id = file(subject, "{\"type\": \"deletion\"}");
            List<String> started = JsonPath.from(awaitLifecycle(subject, l -> l.size() == 3).get(2).value())
                    .getList("systems", String.class);
            assertThat(started).containsAll(SUITE_SYSTEMS).contains(code);

            allSystemsComplete(id, subject);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                    count("select count(*) from task_answer where request_id = ?::uuid", id) == 3);
            assertThat(status(id)).as("the outside system has not answered").isEqualTo("in-progress");
            answer(code, id, subject, "completed", "customer record erased", 1, null);
            awaitStatus(id, "completed");
        } finally {
            as("privacy-officer", subject).when().post(SYSTEMS + "/" + code + "/retirement").then().statusCode(200)
                    .body("active", equalTo(false));
        }
        String after = file(subject, "{\"type\": \"cessation-of-use\"}");
        assertThat(count("select count(*) from request_task where request_id = ?::uuid", after)).isEqualTo(3);
        as("operator", subject).when().get(SYSTEMS).then().statusCode(200)
                .body("code", hasItems(SUITE_SYSTEMS.toArray(new String[0]))).body("code", hasItem(code))
                .body("find { it.code == '" + code + "' }.active", equalTo(false));

        // a code is never given out again; retired is retired
        as("privacy-officer", subject).contentType(ContentType.JSON).body("{\"code\": \"" + code + "\", \"name\": \"New\"}")
                .when().post(SYSTEMS).then().statusCode(409);
        as("privacy-officer", subject).when().post(SYSTEMS + "/" + code + "/retirement").then().statusCode(409);
    }

    @Test
    void theSuitesOwnServicesCannotBeRetired() {
        as("privacy-officer", newSubject()).when().post(SYSTEMS + "/consent-service/retirement").then().statusCode(409)
                .contentType("application/problem+json");
        as("privacy-officer", newSubject()).when().post(SYSTEMS + "/no-such-system/retirement").then().statusCode(404);
        assertThat(count("select count(*) from data_holder_system where part_of_suite and active")).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad code      | {\"code\": \"Legacy CRM\", \"name\": \"Legacy\"} | code",
            "no code       | {\"name\": \"Legacy\"}                           | code",
            "no name       | {\"code\": \"crm-x\"}                            | name",
            "blank name    | {\"code\": \"crm-x\", \"name\": \" \"}           | name",
            "unknown field | {\"code\": \"crm-x\", \"name\": \"L\", \"owner\": \"me\"} | owner",
    })
    void aBadRegistrationIsAProblemAndRegistersNothing(String name, String body, String field) {
        long before = count("select count(*) from data_holder_system");
        as("privacy-officer", newSubject()).contentType(ContentType.JSON).body(body).when().post(SYSTEMS)
                .then().statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem(field));
        assertThat(count("select count(*) from data_holder_system")).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "privacy-officer | list     | 200", "operator | list     | 200", "subject | list     | 403",
            "recipient       | list     | 403", "service  | list     | 403", "none    | list     | 401",
            "operator        | register | 403", "subject  | register | 403", "service | register | 403",
            "none            | register | 401",
            "operator        | retire   | 403", "subject  | retire   | 403", "none    | retire   | 401",
    })
    void whoMayCallWhat(String caller, String action, int expected) {
        long before = count("select count(*) from data_holder_system where active");
        var call = as(caller, newSubject());
        switch (action) {
            case "list" -> call.when().get(SYSTEMS).then().statusCode(expected);
            case "register" -> call.contentType(ContentType.JSON).body("{\"code\": \"crm-y\", \"name\": \"Y\"}")
                    .when().post(SYSTEMS).then().statusCode(expected);
            case "retire" -> call.when().post(SYSTEMS + "/analytics-gateway/retirement").then().statusCode(expected);
            default -> throw new IllegalArgumentException(action);
        }
        assertThat(count("select count(*) from data_holder_system where active")).isEqualTo(before);
    }
}
