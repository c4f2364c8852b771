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
import jp.onplanetz.privacy.datarequest.testing.DataRequestTesting;
import java.util.Set;
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
import static jp.onplanetz.privacy.datarequest.testing.DataRequestTesting.*;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class DataRequestResourceTest {

    private static final Duration DEFAULT_DUE_AFTER = Duration.ofDays(14);
    /** What a subject's own filing publishes: received, verified by its sign-in, and (no refusal suggested) started. */
    private static final List<String> FILED_AND_STARTED = List.of("data-request.received.v1",
            "data-request.identity-verified.v1", "data-request.in-progress.v1");

    @Test
    void aSubjectFilesARequestThatIsVerifiedByItsSignInDueInFourteenDaysAndGivenToEverySystem() {
        String subject = newSubject();
        OffsetDateTime before = OffsetDateTime.now();
        var created = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"type\": \"deletion\", \"details\": \"my account from the old shop\"}")
                .when().post(PATH)
                .then().statusCode(201)
                .body("subjectId", equalTo(subject)).body("type", equalTo("deletion"))
                .body("status", equalTo("in-progress")).body("filedBy", equalTo("subject"))
                .body("filedById", equalTo(subject))
                .body("verification.verifiedBy", equalTo("subject")).body("verification.method", equalTo("sign-in"))
                .body("verification.note", nullValue())
                .body("format", nullValue()).body("overdue", equalTo(false))
                .body("details", equalTo("my account from the old shop"))
                .body("tasks.system", equalTo(SUITE_SYSTEMS)).body("tasks.outcome", everyItem(nullValue()))
                .body("review", nullValue()).body("refusal", nullValue()).body("bundle", nullValue())
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith(PATH + "/" + id);
        OffsetDateTime receivedAt = OffsetDateTime.parse(created.path("receivedAt"));
        assertThat(receivedAt).isBetween(before.minusSeconds(1), OffsetDateTime.now().plusSeconds(1));
        assertThat(Duration.between(receivedAt, OffsetDateTime.parse(created.path("dueAt")))).isEqualTo(DEFAULT_DUE_AFTER);

        given().auth().oauth2(TestTokens.subject(subject)).when().get(PATH + "/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("status", equalTo("in-progress"));

        List<TopicRecord> events = awaitLifecycle(subject, l -> l.size() == 3);
        assertThat(events).map(DataRequestTesting::shortType).containsExactlyElementsOf(FILED_AND_STARTED);
        JsonPath received = JsonPath.from(events.get(0).value());
        assertThat(received.getString("requestId")).isEqualTo(id);
        assertThat(received.getString("subjectId")).isEqualTo(subject);
        assertThat(received.getString("requestType")).isEqualTo("deletion");
        assertThat(received.getString("filedBy")).isEqualTo("subject");
        OffsetDateTime publishedReceivedAt = OffsetDateTime.parse(received.getString("receivedAt"));
        assertThat(publishedReceivedAt).isAtSameInstantAs(receivedAt);
        assertThat(Duration.between(publishedReceivedAt, OffsetDateTime.parse(received.getString("dueAt"))))
                .isEqualTo(DEFAULT_DUE_AFTER);
        JsonPath verified = JsonPath.from(events.get(1).value());
        assertThat(verified.getString("verifiedBy")).isEqualTo("subject");
        assertThat(verified.getString("method")).isEqualTo("sign-in");
        JsonPath started = JsonPath.from(events.get(2).value());
        assertThat(started.getList("systems", String.class)).containsExactlyElementsOf(SUITE_SYSTEMS);

        List<TopicRecord> tasks = awaitTasks(subject, id, 1);
        assertThat(tasks).hasSize(1);
        JsonPath task = JsonPath.from(tasks.get(0).value());
        assertThat(task.getString("requestType")).isEqualTo("deletion");
        assertThat(task.getList("purposes")).isEmpty();
        assertThat(task.getList("recipients")).isEmpty();
        assertThat(OffsetDateTime.parse(task.getString("answerBy"))).isAtSameInstantAs(OffsetDateTime.parse(started.getString("answerBy")));
        for (TopicRecord e : events) {
            assertThat(e.value()).as("free text stays out of lifecycle events").doesNotContain("old shop");
        }
        assertThat(tasks.get(0).value()).as("and out of the task: the systems need no story").doesNotContain("old shop");
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
                        + "\"recipients\": [\"acme-ads\"], \"verificationMethod\": \"phone-callback\", "
                        + "\"verificationNote\": \"" + NOTE + "\"}")
                .when().post(PATH)
                .then().statusCode(201)
                .body("subjectId", equalTo(subject)).body("filedBy", equalTo("operator"))
                .body("filedById", equalTo(LocalIdentities.OPERATOR_SUBJECT_ID))
                .body("status", equalTo("in-progress"))
                .body("verification.verifiedBy", equalTo("operator"))
                .body("verification.method", equalTo("phone-callback"))
                .body("verification.note", equalTo(NOTE)).body("recipients", equalTo(List.of("acme-ads")))
                .extract().path("id");
        // the subject sees what was filed for it
        given().auth().oauth2(TestTokens.subject(subject)).when().get(PATH + "/" + id).then().statusCode(200)
                .body("filedBy", equalTo("operator"));

        List<TopicRecord> events = awaitLifecycle(subject, l -> l.size() == 3);
        assertThat(events).map(DataRequestTesting::shortType).containsExactlyElementsOf(FILED_AND_STARTED);
        assertThat(JsonPath.from(events.get(0).value()).getString("filedBy")).isEqualTo("operator");
        assertThat(JsonPath.from(events.get(0).value()).getString("requestType")).isEqualTo("cessation-of-provision");
        assertThat(JsonPath.from(events.get(1).value()).getString("verifiedBy")).isEqualTo("operator");
        assertThat(JsonPath.from(events.get(1).value()).getString("method")).isEqualTo("phone-callback");
        assertThat(events.get(1).value()).as("the note is kept with the request, not published").doesNotContain("phone number");
        assertThat(JsonPath.from(awaitTasks(subject, id, 1).get(0).value()).getList("recipients")).containsExactly("acme-ads");
    }

    @Test
    void anOperatorMayFileBeforeTheIdentityCheckWhichIsThenItsOwnRecordedStep() {
        String subject = newSubject();
        String id = fileUnverified(subject, "deletion");
        given().auth().oauth2(TestTokens.operator()).when().get(PATH + "/" + id).then().statusCode(200)
                .body("status", equalTo("received")).body("verification", nullValue()).body("tasks", empty());
        assertThat(awaitLifecycleTypes(subject, 1)).containsExactly("data-request.received.v1");
        assertThat(tasks(subject, id)).as("nothing is done for an unverified requester").isEmpty();
        // an officer cannot refuse what is not yet verified either: it is cancelled, or verified first
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"decision\": \"refuse\", \"ground\": \"violation-of-other-laws\", \"explanation\": \"x\"}")
                .when().post(PATH + "/" + id + "/decision").then().statusCode(409);

        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body("{\"method\": \"identity-document\", \"note\": \"driving licence seen at the counter\"}")
                .when().post(PATH + "/" + id + "/identity-verification")
                .then().statusCode(200).body("status", equalTo("in-progress"))
                .body("verification.method", equalTo("identity-document"))
                .body("verification.note", equalTo("driving licence seen at the counter"))
                .body("verification.verifiedBy", equalTo("operator"));
        assertThat(awaitLifecycleTypes(subject, 3)).containsExactlyElementsOf(FILED_AND_STARTED);
        assertThat(awaitTasks(subject, id, 1)).hasSize(1);

        // once verified, it is not verified again
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body("{\"method\": \"in-person\", \"note\": \"again\"}")
                .when().post(PATH + "/" + id + "/identity-verification")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no method         | {\"note\": \"checked\"}                                   | method",
            "sign-in           | {\"method\": \"sign-in\", \"note\": \"checked\"}         | verificationMethod",
            "no note           | {\"method\": \"in-person\"}                                | note",
            "blank note        | {\"method\": \"in-person\", \"note\": \" \"}             | note",
            "unknown method    | {\"method\": \"telepathy\", \"note\": \"checked\"}       | method",
    })
    void aBadIdentityCheckIsAProblemAndVerifiesNothing(String name, String body, String field) {
        String subject = newSubject();
        String id = fileUnverified(subject, "disclosure");
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(body)
                .when().post(PATH + "/" + id + "/identity-verification")
                .then().statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem(field));
        assertThat(status(id)).isEqualTo("received");
        assertThat(outboxCount(subject)).isEqualTo(1);
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
        List<TopicRecord> received = awaitLifecycle(subject, l -> l.size() == 3 * types.size()).stream()
                .filter(e -> shortType(e).equals("data-request.received.v1")).toList();
        assertThat(received).map(r -> JsonPath.from(r.value()).getString("requestType")).containsExactlyElementsOf(types);
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
            "subject         | verify | 403",
            "operator        | verify | 200",
            "privacy-officer | verify | 403",
            "recipient       | verify | 403",
            "service         | verify | 403",
            "none            | verify | 401",
            "subject         | decide | 403",
            "operator        | decide | 403",
            "privacy-officer | decide | 200",
            "recipient       | decide | 403",
            "service         | decide | 403",
            "none            | decide | 401",
            "subject         | reassign | 403",
            "operator        | reassign | 200",
            "privacy-officer | reassign | 200",
            "recipient       | reassign | 403",
            "service         | reassign | 403",
            "none            | reassign | 401",
    })
    void whoMayCallWhat(String caller, String action, int expected) {
        String subject = newSubject();
        // verification needs a request awaiting it; the others one the subject filed (in progress)
        String id = action.equals("verify") ? fileUnverified(subject, "deletion") : file(subject, "{\"type\": \"deletion\"}");
        long eventsBefore = outboxCount(subject);
        String statusBefore = status(id);
        RequestSpecification as = as(caller, subject);
        Response response = switch (action) {
            case "file" -> as.contentType(ContentType.JSON)
                    .body("{\"type\": \"disclosure\", \"subjectId\": \"" + subject + "\""
                            + (caller.equals("operator") ? ", \"verificationMethod\": \"phone-callback\", "
                            + "\"verificationNote\": \"" + NOTE + "\"" : "") + "}")
                    .when().post(PATH);
            case "read" -> as.when().get(PATH + "/" + id);
            case "list" -> as.when().get(PATH + "?size=200");
            case "cancel" -> as.when().post(PATH + "/" + id + "/cancellation");
            case "verify" -> as.contentType(ContentType.JSON).body("{\"method\": \"in-person\", \"note\": \"seen\"}")
                    .when().post(PATH + "/" + id + "/identity-verification");
            case "decide" -> as.contentType(ContentType.JSON).body("{\"decision\": \"refuse\", "
                    + "\"ground\": \"violation-of-other-laws\", \"explanation\": \"a court order forbids it\"}")
                    .when().post(PATH + "/" + id + "/decision");
            case "reassign" -> as.when().post(PATH + "/" + id + "/reassignment");
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

        // what changed: only what the call was allowed to do
        boolean changed = expected == 200 && Set.of("cancel", "verify", "decide", "reassign").contains(action)
                || action.equals("file") && expected == 201;
        long expectedEvents = eventsBefore + (!changed ? 0 : switch (action) {
            case "file" -> 4; // received, verified, in progress, the task
            case "cancel", "decide", "reassign" -> 1; // cancelled; refused; the task again
            case "verify" -> 3; // verified, in progress, the task
            default -> throw new IllegalStateException(action);
        });
        assertThat(requestCount(subject)).isEqualTo(action.equals("file") && expected == 201 ? 2 : 1);
        assertThat(outboxCount(subject)).isEqualTo(expectedEvents);
        String statusAfter = !changed ? statusBefore : switch (action) {
            case "cancel" -> "cancelled";
            case "decide" -> "refused";
            default -> "in-progress";
        };
        assertThat(status(id)).isEqualTo(statusAfter);
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
        given().auth().oauth2(TestTokens.subject(subject)).when().get(PATH + "?status=in-progress")
                .then().statusCode(200).body("items.id", equalTo(List.of(onTime)));
        given().auth().oauth2(TestTokens.subject(subject)).when().get(PATH + "?status=")
                .then().statusCode(200).body("items.id", equalTo(List.of(late, onTime)));
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(PATH + "?status=cancelled&size=200")
                .then().statusCode(200).body("items.id", hasItem(late)).body("items.status", not(hasItem("in-progress")));
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
            "awaitingReview=1 | awaitingReview",
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
        assertThat(outboxCount(subject)).isEqualTo(5);
        List<TopicRecord> events = awaitLifecycle(subject, l -> l.size() == 4);
        assertThat(events.subList(0, 3)).map(DataRequestTesting::shortType).containsExactlyElementsOf(FILED_AND_STARTED);
        assertThat(shortType(events.get(3))).isEqualTo("data-request.cancelled.v1");
        JsonPath cancelled = JsonPath.from(events.get(3).value());
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
        List<TopicRecord> events = awaitLifecycle(subject, l -> l.size() == 4);
        assertThat(shortType(events.get(3))).isEqualTo("data-request.cancelled.v1");
        assertThat(JsonPath.from(events.get(3).value()).getString("cancelledBy")).isEqualTo("operator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"completed", "refused"})
    void aClosedRequestCannotBeCancelled(String closed) {
        String subject = newSubject();
        String id = file(subject, "{\"type\": \"disclosure\"}");
        if (closed.equals("completed")) {
            allSystemsComplete(id, subject);
        } else {
            given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                    .body("{\"decision\": \"refuse\", \"ground\": \"harm-to-person-or-others\", "
                            + "\"explanation\": \"the data names a person at risk\"}")
                    .when().post(PATH + "/" + id + "/decision").then().statusCode(200);
        }
        awaitStatus(id, closed);
        long events = outboxCount(subject);
        given().auth().oauth2(TestTokens.subject(subject)).when().post(PATH + "/" + id + "/cancellation")
                .then().statusCode(409).contentType("application/problem+json");
        assertThat(status(id)).isEqualTo(closed);
        assertThat(outboxCount(subject)).isEqualTo(events);
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
            "subject's verification method | subject | {\"type\": \"deletion\", \"verificationMethod\": \"in-person\"} | verificationMethod",
            "operator's method without note | operator | {\"type\": \"deletion\", \"subjectId\": \"$SUBJECT\", \"verificationMethod\": \"in-person\"} | verificationNote",
            "operator's note without method | operator | {\"type\": \"deletion\", \"subjectId\": \"$SUBJECT\", \"verificationNote\": \"checked\"} | verificationMethod",
            "operator claims a sign-in   | operator | {\"type\": \"deletion\", \"subjectId\": \"$SUBJECT\", \"verificationMethod\": \"sign-in\", \"verificationNote\": \"checked\"} | verificationMethod",
            "operator with blank verificationNote | operator | {\"type\": \"deletion\", \"subjectId\": \"$SUBJECT\", \"verificationMethod\": \"in-person\", \"verificationNote\": \"  \"} | verificationNote",
            "operator without subjectId  | operator | {\"type\": \"deletion\", \"verificationMethod\": \"in-person\", \"verificationNote\": \"checked\"} | subjectId",
            "operator with blank subjectId | operator | {\"type\": \"deletion\", \"subjectId\": \" \"} | subjectId",
            "correction on a deletion    | subject  | {\"type\": \"deletion\", \"correction\": {\"address\": \"Osaka\"}} | correction",
            "empty correction            | subject  | {\"type\": \"correction\", \"correction\": {}}             | correction",
            "bad field name              | subject  | {\"type\": \"correction\", \"correction\": {\"my address\": \"Osaka\"}} | correction",
            "corrected value too long    | subject  | {\"type\": \"correction\", \"correction\": {\"address\": \"$LONG$LONG\"}} | correction.address",
            "correction not an object    | subject  | {\"type\": \"correction\", \"correction\": [\"address\"]}   | correction",
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

    /** As if it had been received three weeks ago and its due time had passed a week ago. */
    private static void makeOverdue(String id) {
        update("update data_request set received_at = now() - interval '21 days', due_at = now() - interval '7 days'"
                + " where id = ?", UUID.fromString(id));
    }
}
