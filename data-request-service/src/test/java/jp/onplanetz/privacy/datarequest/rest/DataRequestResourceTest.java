package jp.onplanetz.privacy.datarequest.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.PublishedEvents;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class DataRequestResourceTest {

    private static final String PATH = "/api/v1/requests";
    private static final Duration DEFAULT_DUE_AFTER = Duration.ofDays(14);
    private static final String NOTE = "called back on the registered phone number and checked date of birth";

    private static String newSubject() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aSubjectFilesARequestThatIsDueInFourteenDaysAndPublishedAsAValidCloudEvent() {
        String subject = newSubject();
        OffsetDateTime before = OffsetDateTime.now();
        var created = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"type\": \"deletion\", \"details\": \"my account from the old shop\"}")
                .when().post(PATH)
                .then().statusCode(201)
                .body("subjectId", equalTo(subject)).body("type", equalTo("deletion"))
                .body("status", equalTo("received")).body("filedBy", equalTo("subject"))
                .body("filedById", equalTo(subject)).body("verificationNote", nullValue())
                .body("format", nullValue()).body("overdue", equalTo(false))
                .body("details", equalTo("my account from the old shop"))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith(PATH + "/" + id);
        OffsetDateTime receivedAt = OffsetDateTime.parse(created.path("receivedAt"));
        assertThat(receivedAt).isBetween(before.minusSeconds(1), OffsetDateTime.now().plusSeconds(1));
        assertThat(Duration.between(receivedAt, OffsetDateTime.parse(created.path("dueAt")))).isEqualTo(DEFAULT_DUE_AFTER);

        given().auth().oauth2(TestTokens.subject(subject)).when().get(PATH + "/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("status", equalTo("received"));

        List<TopicRecord> events = await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(subject), l -> l.size() == 1);
        TopicRecord event = events.get(0);
        assertEvent(event, EventCatalogue.DATA_REQUEST_RECEIVED, subject);
        JsonPath payload = JsonPath.from(event.value());
        assertThat(payload.getString("requestId")).isEqualTo(id);
        assertThat(payload.getString("subjectId")).isEqualTo(subject);
        assertThat(payload.getString("requestType")).isEqualTo("deletion");
        assertThat(payload.getString("filedBy")).isEqualTo("subject");
        OffsetDateTime publishedReceivedAt = OffsetDateTime.parse(payload.getString("receivedAt"));
        assertThat(publishedReceivedAt).isAtSameInstantAs(receivedAt);
        assertThat(Duration.between(publishedReceivedAt, OffsetDateTime.parse(payload.getString("dueAt"))))
                .isEqualTo(DEFAULT_DUE_AFTER);
        assertThat(event.value()).as("free text stays out of events").doesNotContain("old shop");
    }

    @Test
    void aSubjectMayNameItselfInTheBody() {
        String subject = newSubject();
        given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"type\": \"correction\", \"subjectId\": \"" + subject + "\"}")
                .when().post(PATH).then().statusCode(201).body("subjectId", equalTo(subject));
    }

    @Test
    void anOperatorFilesOnBehalfWithTheIdentityCheckOnRecord() {
        String subject = newSubject();
        String id = given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body("{\"type\": \"cessation-of-provision\", \"subjectId\": \"" + subject + "\", "
                        + "\"recipients\": [\"acme-ads\"], \"verificationNote\": \"" + NOTE + "\"}")
                .when().post(PATH)
                .then().statusCode(201)
                .body("subjectId", equalTo(subject)).body("filedBy", equalTo("operator"))
                .body("filedById", equalTo(LocalIdentities.OPERATOR_SUBJECT_ID))
                .body("verificationNote", equalTo(NOTE)).body("recipients", equalTo(List.of("acme-ads")))
                .extract().path("id");
        // the subject sees what was filed for it
        given().auth().oauth2(TestTokens.subject(subject)).when().get(PATH + "/" + id).then().statusCode(200)
                .body("filedBy", equalTo("operator"));

        TopicRecord event = await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(subject), l -> l.size() == 1).get(0);
        assertEvent(event, EventCatalogue.DATA_REQUEST_RECEIVED, subject);
        assertThat(JsonPath.from(event.value()).getString("filedBy")).isEqualTo("operator");
        assertThat(JsonPath.from(event.value()).getString("requestType")).isEqualTo("cessation-of-provision");
    }

    @Test
    void aDisclosureIsInJsonUnlessCsvIsAskedForAndACessationMayBeLimited() {
        String subject = newSubject();
        String token = TestTokens.subject(subject);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"type\": \"disclosure\"}")
                .when().post(PATH).then().statusCode(201).body("format", equalTo("json"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"type\": \"provision-record-disclosure\", \"format\": \"csv\"}")
                .when().post(PATH).then().statusCode(201).body("format", equalTo("csv"));
        String id = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"type\": \"cessation-of-use\", \"purposes\": [\"newsletter\", \"own-marketing\", \"newsletter\"]}")
                .when().post(PATH).then().statusCode(201)
                .body("purposes", equalTo(List.of("newsletter", "own-marketing")))
                .body("recipients", nullValue()).extract().path("id");
        // what was stored, read back
        given().auth().oauth2(token).when().get(PATH + "/" + id).then().statusCode(200)
                .body("purposes", equalTo(List.of("newsletter", "own-marketing")));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"type\": \"correction\", \"details\": \"" + "x".repeat(2000) + "\"}")
                .when().post(PATH).then().statusCode(201);
        assertThat(requestCount(subject)).isEqualTo(4);
    }

    @Test
    void everyRequestTypeOfTheSchemaIsAccepted() {
        String subject = newSubject();
        List<String> types = List.of("disclosure", "provision-record-disclosure", "correction", "deletion",
                "cessation-of-use", "cessation-of-provision", "consent-withdrawal");
        for (String type : types) {
            given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                    .body("{\"type\": \"" + type + "\"}").when().post(PATH).then().statusCode(201).body("type", equalTo(type));
        }
        List<TopicRecord> events = await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(subject), l -> l.size() == types.size());
        assertThat(events).map(r -> JsonPath.from(r.value()).getString("requestType")).containsExactlyElementsOf(types);
        events.forEach(e -> assertEvent(e, EventCatalogue.DATA_REQUEST_RECEIVED, subject));
    }

    /** Every caller against every endpoint, each on a request of its own, filed by a fresh subject. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "subject         | file   | 201",
            "other-subject   | file   | 403",
            "operator        | file   | 201",
            "privacy-officer | file   | 403",
            "recipient       | file   | 403",
            "service         | file   | 403",
            "none            | file   | 401",
            "subject         | read   | 200",
            "other-subject   | read   | 404",
            "operator        | read   | 200",
            "privacy-officer | read   | 200",
            "recipient       | read   | 403",
            "service         | read   | 403",
            "none            | read   | 401",
            "subject         | list   | 200",
            "other-subject   | list   | 200",
            "operator        | list   | 200",
            "privacy-officer | list   | 200",
            "recipient       | list   | 403",
            "service         | list   | 403",
            "none            | list   | 401",
            "subject         | cancel | 200",
            "other-subject   | cancel | 404",
            "operator        | cancel | 200",
            "privacy-officer | cancel | 403",
            "recipient       | cancel | 403",
            "service         | cancel | 403",
            "none            | cancel | 401",
    })
    void whoMayCallWhat(String caller, String action, int expected) {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"deletion\"}");
        RequestSpecification as = as(caller, subject);
        Response response = switch (action) {
            case "file" -> as.contentType(ContentType.JSON)
                    .body("{\"type\": \"disclosure\", \"subjectId\": \"" + subject + "\""
                            + (caller.equals("operator") ? ", \"verificationNote\": \"" + NOTE + "\"" : "") + "}")
                    .when().post(PATH);
            case "read" -> as.when().get(PATH + "/" + id);
            case "list" -> as.when().get(PATH + "?size=200");
            case "cancel" -> as.when().post(PATH + "/" + id + "/cancellation");
            default -> throw new IllegalArgumentException(action);
        };
        response.then().statusCode(expected);
        if (expected == 403 || expected == 404) {
            response.then().contentType("application/problem+json").body("status", equalTo(expected));
        }
        if (action.equals("read") && expected == 200) {
            response.then().body("id", equalTo(id)).body("subjectId", equalTo(subject));
        }
        if (action.equals("list") && caller.equals("subject")) {
            response.then().body("items.id", equalTo(List.of(id))).body("total", equalTo(1));
        }
        if (action.equals("list") && caller.equals("other-subject")) {
            response.then().body("items.id", not(hasItem(id))).body("total", equalTo(0));
        }
        if (action.equals("cancel") && expected == 200) {
            response.then().body("status", equalTo("cancelled"))
                    .body("cancelledBy", equalTo(caller.equals("operator") ? "operator" : "subject"));
        }

        // what changed: a second request when filing succeeded, a cancellation when cancelling did; else nothing
        long requests = action.equals("file") && expected == 201 ? 2 : 1;
        long events = requests + (action.equals("cancel") && expected == 200 ? 1 : 0);
        assertThat(requestCount(subject)).isEqualTo(requests);
        assertThat(outboxCount(subject)).isEqualTo(events);
        assertThat(status(id)).isEqualTo(action.equals("cancel") && expected == 200 ? "cancelled" : "received");
    }

    @Test
    void theQueueShowsWhatIsOverdueAndFiltersByStatus() throws Exception {
        String subject = newSubject();
        String late = file(subject, "{\"type\": \"disclosure\"}");
        String onTime = file(subject, "{\"type\": \"deletion\"}");
        makeOverdue(late);

        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(PATH + "?overdue=true&size=200")
                .then().statusCode(200).body("items.id", hasItem(late)).body("items.id", not(hasItem(onTime)))
                .body("items.overdue", not(hasItem(false)));
        given().auth().oauth2(TestTokens.subject(subject)).when().get(PATH + "/" + late)
                .then().statusCode(200).body("overdue", equalTo(true));
        given().auth().oauth2(TestTokens.subject(subject)).when().get(PATH + "?overdue=true")
                .then().statusCode(200).body("items.id", equalTo(List.of(late))).body("total", equalTo(1));

        // a cancelled request is no longer owed, so no longer overdue
        given().auth().oauth2(TestTokens.subject(subject)).when().post(PATH + "/" + late + "/cancellation")
                .then().statusCode(200).body("overdue", equalTo(false));
        given().auth().oauth2(TestTokens.operator()).when().get(PATH + "?overdue=true&size=200")
                .then().statusCode(200).body("items.id", not(hasItem(late)));
        given().auth().oauth2(TestTokens.subject(subject)).when().get(PATH + "?status=cancelled")
                .then().statusCode(200).body("items.id", equalTo(List.of(late)));
        given().auth().oauth2(TestTokens.subject(subject)).when().get(PATH + "?status=received")
                .then().statusCode(200).body("items.id", equalTo(List.of(onTime)));
        given().auth().oauth2(TestTokens.subject(subject)).when().get(PATH + "?status=")
                .then().statusCode(200).body("items.id", equalTo(List.of(late, onTime)));
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(PATH + "?status=cancelled&size=200")
                .then().statusCode(200).body("items.id", hasItem(late)).body("items.status", not(hasItem("received")));
    }

    @Test
    void theListIsPagedEarliestDueFirst() {
        String subject = newSubject();
        List<String> filed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            filed.add(file(subject, "{\"type\": \"correction\"}"));
        }
        String token = TestTokens.subject(subject);
        List<String> first = given().auth().oauth2(token).when().get(PATH + "?size=2&page=0")
                .then().statusCode(200).body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(2))
                .extract().path("items.id");
        List<String> second = given().auth().oauth2(token).when().get(PATH + "?size=2&page=1")
                .then().statusCode(200).body("total", equalTo(3)).extract().path("items.id");
        assertThat(first).hasSize(2);
        assertThat(second).hasSize(1);
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(all).containsExactlyElementsOf(filed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "size=201      | size",
            "size=0        | size",
            "page=-1       | page",
            "status=open   | status",
            "overdue=yes   | overdue",
    })
    void badQueryParametersAreAProblemNamingTheParameter(String query, String field) {
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(PATH + "?" + query)
                .then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params.name", hasItem(field));
    }

    @Test
    void cancellingTwiceIsAConflictAndPublishesOneCancellationOnly() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"deletion\"}");
        String token = TestTokens.subject(subject);
        String cancelledAt = given().auth().oauth2(token).when().post(PATH + "/" + id + "/cancellation")
                .then().statusCode(200).body("status", equalTo("cancelled")).body("cancelledBy", equalTo("subject"))
                .extract().path("cancelledAt");
        given().auth().oauth2(TestTokens.operator()).when().post(PATH + "/" + id + "/cancellation")
                .then().statusCode(409).contentType("application/problem+json").body("status", equalTo(409));
        given().auth().oauth2(token).when().post(PATH + "/" + id + "/cancellation")
                .then().statusCode(409).contentType("application/problem+json");

        // the first cancellation stands as it was
        given().auth().oauth2(token).when().get(PATH + "/" + id).then().statusCode(200)
                .body("cancelledAt", equalTo(cancelledAt)).body("cancelledBy", equalTo("subject"));
        assertThat(outboxCount(subject)).isEqualTo(2);
        List<TopicRecord> events = await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(subject), l -> l.size() == 2);
        assertEvent(events.get(0), EventCatalogue.DATA_REQUEST_RECEIVED, subject);
        assertEvent(events.get(1), EventCatalogue.DATA_REQUEST_CANCELLED, subject);
        JsonPath cancelled = JsonPath.from(events.get(1).value());
        assertThat(cancelled.getString("requestId")).isEqualTo(id);
        assertThat(cancelled.getString("subjectId")).isEqualTo(subject);
        assertThat(cancelled.getString("cancelledBy")).isEqualTo("subject");
        assertThat(OffsetDateTime.parse(cancelled.getString("cancelledAt"))).isAtSameInstantAs(OffsetDateTime.parse(cancelledAt));
    }

    @Test
    void anOperatorsCancellationIsPublishedAsTheOperators() {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"cessation-of-use\"}");
        given().auth().oauth2(TestTokens.operator()).when().post(PATH + "/" + id + "/cancellation")
                .then().statusCode(200).body("cancelledBy", equalTo("operator"));
        List<TopicRecord> events = await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(subject), l -> l.size() == 2);
        assertEvent(events.get(1), EventCatalogue.DATA_REQUEST_CANCELLED, subject);
        assertThat(JsonPath.from(events.get(1).value()).getString("cancelledBy")).isEqualTo("operator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"completed", "refused"})
    void aClosedRequestCannotBeCancelled(String closed) throws Exception {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"disclosure\"}");
        setStatus(id, closed);
        given().auth().oauth2(TestTokens.subject(subject)).when().post(PATH + "/" + id + "/cancellation")
                .then().statusCode(409).contentType("application/problem+json");
        assertThat(status(id)).isEqualTo(closed);
        assertThat(outboxCount(subject)).isEqualTo(1);
    }

    @Test
    void anUnknownRequestIsNotFound() {
        String subject = newSubject();
        given().auth().oauth2(TestTokens.subject(subject)).when().get(PATH + "/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.operator()).when().post(PATH + "/" + UUID.randomUUID() + "/cancellation")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(PATH + "/not-a-uuid").then().statusCode(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON              | subject  | {\"type\": \"deletion\"                                          | body",
            "unknown field               | subject  | {\"type\": \"deletion\", \"name\": \"Taro\"}                    | name",
            "field given twice           | subject  | {\"type\": \"deletion\", \"type\": \"disclosure\"}          | body",
            "wrong type                  | subject  | {\"type\": \"deletion\", \"details\": [\"x\"]}                  | details",
            "number for the type         | subject  | {\"type\": 3}                                                   | type",
            "single code, not a list     | subject  | {\"type\": \"cessation-of-use\", \"purposes\": \"newsletter\"}  | purposes",
            "unknown type                | subject  | {\"type\": \"erasure\"}                                         | type",
            "missing type                | subject  | {\"details\": \"please\"}                                       | type",
            "details too long            | subject  | {\"type\": \"correction\", \"details\": \"$LONG\"}              | details",
            "unknown format              | subject  | {\"type\": \"disclosure\", \"format\": \"pdf\"}                 | format",
            "format, not a disclosure    | subject  | {\"type\": \"deletion\", \"format\": \"csv\"}                   | format",
            "purposes, not cessation     | subject  | {\"type\": \"deletion\", \"purposes\": [\"newsletter\"]}        | purposes",
            "recipients on cessation of use | subject | {\"type\": \"cessation-of-use\", \"recipients\": [\"acme-ads\"]} | recipients",
            "empty purposes              | subject  | {\"type\": \"cessation-of-use\", \"purposes\": []}              | purposes",
            "malformed purpose code      | subject  | {\"type\": \"cessation-of-use\", \"purposes\": [\"newsletter\", \"Not A Code\"]} | purposes[1]",
            "subject's verification note | subject  | {\"type\": \"deletion\", \"verificationNote\": \"it is me\"}     | verificationNote",
            "operator without verificationNote | operator | {\"type\": \"deletion\", \"subjectId\": \"$SUBJECT\"}      | verificationNote",
            "operator with blank verificationNote | operator | {\"type\": \"deletion\", \"subjectId\": \"$SUBJECT\", \"verificationNote\": \"  \"} | verificationNote",
            "operator without subjectId  | operator | {\"type\": \"deletion\", \"verificationNote\": \"checked\"}      | subjectId",
            "operator with blank subjectId | operator | {\"type\": \"deletion\", \"subjectId\": \" \", \"verificationNote\": \"checked\"} | subjectId",
    })
    void badInputIsAProblemNamingTheFieldAndWritesNothing(String name, String caller, String body, String field) {
        String subject = newSubject();
        long requestsBefore = count("select count(*) from data_request");
        long outboxBefore = count("select count(*) from outbox_event");
        as(caller, subject).contentType(ContentType.JSON)
                .body(body.replace("$SUBJECT", subject).replace("$LONG", "x".repeat(2001)))
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("invalid-params.name", hasItem(field));
        assertThat(count("select count(*) from data_request")).isEqualTo(requestsBefore);
        assertThat(count("select count(*) from outbox_event")).isEqualTo(outboxBefore);
        assertThat(requestCount(subject)).isZero();
    }

    @Test
    void aSubjectCannotFileForAnother() {
        String subject = newSubject();
        String other = newSubject();
        given().auth().oauth2(TestTokens.subject(other)).contentType(ContentType.JSON)
                .body("{\"type\": \"deletion\", \"subjectId\": \"" + subject + "\"}")
                .when().post(PATH).then().statusCode(403).contentType("application/problem+json");
        assertThat(requestCount(subject)).isZero();
        assertThat(requestCount(other)).isZero();
        assertThat(outboxCount(subject) + outboxCount(other)).isZero();
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static RequestSpecification as(String caller, String subject) {
        return switch (caller) {
            case "subject" -> given().auth().oauth2(TestTokens.subject(subject));
            case "other-subject" -> given().auth().oauth2(TestTokens.subject(newSubject()));
            case "operator" -> given().auth().oauth2(TestTokens.operator());
            case "privacy-officer" -> given().auth().oauth2(TestTokens.privacyOfficer());
            case "recipient" -> given().auth().oauth2(TestTokens.recipient());
            case "service" -> given().auth().oauth2(TestTokens.service(LocalIdentities.CONSENT_SERVICE));
            case "none" -> given();
            default -> throw new IllegalArgumentException(caller);
        };
    }

    private static String file(String subject, String body) {
        ExtractableResponse<Response> r = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body(body).when().post(PATH).then().statusCode(201).extract();
        return r.path("id");
    }

    private static long requestCount(String subject) {
        return count("select count(*) from data_request where subject_id = ?", subject);
    }

    private static long outboxCount(String subject) {
        return count("select count(*) from outbox_event where record_key = ?", subject);
    }

    private static long count(String sql, Object... params) {
        return ServiceDb.count(ServiceDatabases.DATA_REQUEST, sql, params);
    }

    private static String status(String id) {
        return (String) ServiceDb.single(ServiceDatabases.DATA_REQUEST, "select status from data_request where id = ?",
                UUID.fromString(id));
    }

    /** Closing a request is later work; the state is set directly to prove what cancelling refuses. */
    private static void setStatus(String id, String status) {
        update("update data_request set status = ? where id = ?", status, UUID.fromString(id));
    }

    /** As if it had been received three weeks ago and its due time had passed a week ago. */
    private static void makeOverdue(String id) {
        update("update data_request set received_at = now() - interval '21 days', due_at = now() - interval '7 days'"
                + " where id = ?", UUID.fromString(id));
    }

    private static void update(String sql, Object... params) {
        assertThat(ServiceDb.update(ServiceDatabases.DATA_REQUEST, sql, params)).isEqualTo(1);
    }

    private static List<TopicRecord> eventsOf(String subject) {
        return PublishedEvents.about(EventCatalogue.DATA_REQUEST_TOPIC, subject);
    }

    private static void assertEvent(TopicRecord r, EventType type, String subject) {
        PublishedEvents.assertContractHolds(r, type.type(), "data-request-service", subject);
    }
}
