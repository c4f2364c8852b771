package jp.onplanetz.privacy.analytics.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jp.onplanetz.privacy.analytics.PolicyTesting;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.analytics.UsageTesting.grant;
import static jp.onplanetz.privacy.analytics.UsageTesting.reporterToken;
import static jp.onplanetz.privacy.analytics.UsageTesting.withdraw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/**
 * Statistics releases end to end through the real broker and database: usage in by HTTP, counted by Kafka Streams,
 * released by the job with suppression, noise and the budget, pulled by recipients over HTTP and published on the
 * releases topic. Test windows are seconds long ({@code %test} configuration).
 */
@QuarkusTest
class StatisticsReleaseTest {

    private static final String WINDOW = "PT6S";

    @Test
    void aCellOfTenPeopleNeverAppearsWhileOneOfElevenDoes() {
        String recipient = recipientCode();
        List<String> women = consentedSubjects(11);
        List<String> men = consentedSubjects(10);
        String definition = define(recipient, List.of("gender"), "1", 11);
        report(women, "female");
        report(men, "male");

        JsonPath release = awaitRelease(recipient, 0);
        assertThat(release.getString("status")).isEqualTo("released");
        assertThat(release.getString("definitionId")).isEqualTo(definition);
        List<Map<String, Object>> cells = release.getList("cells");
        assertThat(cells.stream().map(c -> String.valueOf(((Map<?, ?>) c.get("values")).get("gender"))).toList())
                .containsExactly("female");
        assertThat(release.getInt("suppressedCells")).isEqualTo(1);
        // the true totals counted on Kafka, before suppression and noise, are what the test put in
        assertThat(trueTotal(definition, "[\"female\"]")).isEqualTo(11);
        assertThat(trueTotal(definition, "[\"male\"]")).isEqualTo(10);

        TopicRecord published = await().atMost(Duration.ofSeconds(30)).until(
                () -> releaseEvent(release.getString("id")), Optional::isPresent).orElseThrow();
        assertThat(published.key()).isEqualTo(recipient);
        assertThat(published.header("ce_type")).isEqualTo(EventCatalogue.ANALYTICS_STATISTICS_RELEASED.type());
        assertThat(published.value()).doesNotContain("\"male\"");
    }

    @Test
    void aWithdrawnSubjectStopsCounting() {
        String recipient = recipientCode();
        List<String> people = new ArrayList<>();
        List<String> consents = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String subject = UUID.randomUUID().toString();
            people.add(subject);
            consents.add(grant(subject));
        }
        String definition = define(recipient, List.of("gender"), "1", 12);
        report(people, "female");
        await().atMost(Duration.ofSeconds(30)).until(() -> trueTotal(definition, "[\"female\"]") == 12);

        withdraw(people.get(0), consents.get(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> trueTotal(definition, "[\"female\"]") == 11);

        // eleven are left, under k = 12: the cell is suppressed
        JsonPath release = awaitRelease(recipient, 0);
        assertThat(release.getList("cells")).isEmpty();
        assertThat(release.getInt("suppressedCells")).isEqualTo(1);
    }

    @Test
    void aRecipientSeesOnlyItsOwnReleases() {
        String mine = recipientCode();
        String theirs = recipientCode();
        define(theirs, List.of("gender"), "1", 11);
        String theirRelease = awaitRelease(theirs, 0).getString("id");

        given().auth().oauth2(recipientToken(mine)).when().get("/api/v1/releases").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.is(0));
        given().auth().oauth2(recipientToken(mine)).when().get("/api/v1/releases/" + theirRelease).then()
                .statusCode(404).contentType("application/problem+json");
        // and asking for another recipient's by filter changes nothing for a recipient
        given().auth().oauth2(recipientToken(mine)).queryParam("recipient", theirs).when().get("/api/v1/releases")
                .then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
        given().auth().oauth2(recipientToken(theirs)).when().get("/api/v1/releases/" + theirRelease).then()
                .statusCode(200);
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("recipient", theirs).when()
                .get("/api/v1/releases").then().statusCode(200).body("id", hasItem(theirRelease));
    }

    @Test
    void anExhaustedBudgetRefusesTheRelease() {
        String recipient = recipientCode();
        // the monthly budget is 3.0: the first window costs 2, the second would make 4
        String definition = define(recipient, List.of("ageBand"), "2", 11);
        JsonPath first = awaitRelease(recipient, 0);
        JsonPath second = awaitRelease(recipient, 1);
        List<String> statuses = List.of(first.getString("status"), second.getString("status"));
        assertThat(statuses).containsExactlyInAnyOrder("released", "refused");
        JsonPath refused = first.getString("status").equals("refused") ? first : second;
        assertThat(refused.getString("cells")).isNull();

        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("recipient", recipient).when()
                .get("/api/v1/privacy-budgets").then().statusCode(200)
                .body("[0].spent", org.hamcrest.Matchers.equalTo(2)).body("[0].cap", org.hamcrest.Matchers.equalTo(3));
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(EventCatalogue.ANALYTICS_RELEASES_TOPIC)
                .stream().anyMatch(r -> recipient.equals(r.key())
                        && EventCatalogue.ANALYTICS_RELEASE_REFUSED.type().equals(r.header("ce_type"))
                        && r.value().contains(definition)));
    }

    @Test
    void onlyAPrivacyOfficerDefinesAndAnyoneReadsTheNotice() {
        String body = definitionBody(recipientCode(), List.of("gender"), "1", 50);
        for (String token : List.of(TestTokens.recipient(), TestTokens.operator(), TestTokens.subject(
                UUID.randomUUID().toString()), reporterToken(), TestTokens.token(UUID.randomUUID().toString(), Roles.SVC_DATA_REQUEST))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when()
                    .post("/api/v1/release-definitions").then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/release-definitions").then().statusCode(401);
        given().auth().oauth2(TestTokens.subject(UUID.randomUUID().toString())).when().get("/api/v1/releases")
                .then().statusCode(403);
        given().when().get("/api/v1/releases").then().statusCode(401);
        given().auth().oauth2(TestTokens.recipient()).when().get("/api/v1/privacy-budgets").then().statusCode(403);

        String recipient = recipientCode();
        define(recipient, List.of("gender", "region"), "0.5", 50);
        given().when().get("/api/v1/external-transmissions").then().statusCode(200)
                .body("recipient", hasItem(recipient));
        String markdown = given().accept("text/markdown").when().get("/api/v1/external-transmissions").then()
                .statusCode(200).extract().asString();
        assertThat(markdown).contains("(" + recipient + ")", "Attributes: gender, region", "fewer than 50 people");
    }

    @Test
    void anInvalidDefinitionIsRefusedNamingTheFieldsAndNothingIsDefined() {
        long before = ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from release_definition");
        String body = """
                {"recipient":"Acme Ads","recipientName":"","purpose":"market-analysis","dimensions":["name","gender"],
                 "measure":"events","window":"PT1S","epsilon":0,"minimumPeoplePerCell":10,"maxCellsPerPerson":0}""";
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(body).when()
                .post("/api/v1/release-definitions").then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params.name", org.hamcrest.Matchers.containsInAnyOrder("recipient", "recipientName",
                        "dimensions", "measure", "window", "epsilon", "minimumPeoplePerCell", "maxCellsPerPerson"));
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from release_definition")).isEqualTo(before);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** A recipient code of its own per test, so budgets and releases of tests never meet. */
    private static String recipientCode() {
        return "r-" + UUID.randomUUID().toString().substring(0, 8).replaceAll("[0-9]", "x");
    }

    /** A recipient's account: its user name is its code in the policy. */
    private static String recipientToken(String code) {
        return SuiteInfrastructure.get().issuer().mint(UUID.randomUUID().toString(), code, Set.of(Roles.RECIPIENT));
    }

    private static List<String> consentedSubjects(int n) {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String subject = UUID.randomUUID().toString();
            grant(subject);
            subjects.add(subject);
        }
        return subjects;
    }

    private static String definitionBody(String recipient, List<String> dimensions, String epsilon, int k) {
        return """
                {"recipient":"%s","recipientName":"Recipient %s","purpose":"advertising-effectiveness",
                 "dimensions":[%s],"measure":"distinct-people","window":"%s","epsilon":%s,"minimumPeoplePerCell":%d}"""
                .formatted(recipient, recipient, String.join(",", dimensions.stream().map(d -> "\"" + d + "\"").toList()),
                        WINDOW, epsilon, k);
    }

    /** Defines a release for the recipient, made a recipient of statistics in the policy in force first. */
    private static String define(String recipient, List<String> dimensions, String epsilon, int k) {
        PolicyTesting.inForceWith(recipient);
        return given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body(definitionBody(recipient, dimensions, epsilon, k)).when().post("/api/v1/release-definitions")
                .then().statusCode(201).extract().path("id");
    }

    /** Each subject's page view now, in one HTTP batch; the event type names the test's recipient. */
    private static void report(List<String> subjects, String gender) {
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        List<String> events = subjects.stream().map(s -> """
                {"subjectId":"%s","occurredAt":"%s","eventType":"page-view","page":"/plans","gender":"%s","birthYear":1990}"""
                .formatted(s, now, gender)).toList();
        given().auth().oauth2(reporterToken()).contentType(ContentType.JSON)
                .body("{\"events\":[" + String.join(",", events) + "]}").when().post("/api/v1/usage-events/batch")
                .then().statusCode(202).body("stored", org.hamcrest.Matchers.is(subjects.size()));
    }

    /** The recipient's n-th release (oldest first), as the recipient pulls it. */
    private static JsonPath awaitRelease(String recipient, int n) {
        String token = recipientToken(recipient);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> given().auth()
                .oauth2(token).when().get("/api/v1/releases").then().statusCode(200).extract().jsonPath()
                .getList("$").size() > n);
        List<Map<String, Object>> all = given().auth().oauth2(token).when().get("/api/v1/releases").then()
                .extract().jsonPath().getList("$");
        String id = (String) all.get(all.size() - 1 - n).get("id");
        return given().auth().oauth2(token).when().get("/api/v1/releases/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** The latest true total of a cell in the topology's output topic (what the global table holds). */
    private static long trueTotal(String definition, String cell) {
        List<TopicRecord> totals = TopicReader.readAll(EventCatalogue.ANALYTICS_CELL_TOTALS.name());
        long total = 0;
        for (TopicRecord r : totals) {
            if (r.key().startsWith(definition + "|") && r.key().endsWith("|" + cell)) {
                total = Long.parseLong(r.value());
            }
        }
        return total;
    }

    private static Optional<TopicRecord> releaseEvent(String releaseId) {
        return TopicReader.readAll(EventCatalogue.ANALYTICS_RELEASES_TOPIC).stream()
                .filter(r -> r.value().contains(releaseId)).findFirst();
    }
}
