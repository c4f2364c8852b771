package jp.onplanetz.privacy.datarequest.testing;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.testinfra.PublishedEvents;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestEvents;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the data-request tests share: callers with real tokens, filing, the systems' answers sent to the real broker
 * as each system's outbox would send them, and reading what the service published and committed.
 */
public final class DataRequestTesting {

    public static final String PATH = "/api/v1/requests";
    public static final String SERVICE = "data-request-service";
    /** The suite's own services, which the migration registers: every request waits for these three. */
    public static final List<String> SUITE_SYSTEMS = List.of("analytics-gateway", "consent-service", "disclosure-log-service");
    public static final String NOTE = "called back on the registered phone number and checked date of birth";

    private DataRequestTesting() {
    }

    public static String newSubject() {
        return UUID.randomUUID().toString();
    }

    public static RequestSpecification as(String caller, String subject) {
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

    /** Files a request as the subject itself; its id. */
    public static String file(String subject, String body) {
        return given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON).body(body)
                .when().post(PATH).then().statusCode(201).extract().path("id");
    }

    /** Files a request as an operator for {@code subject}, without an identity check yet; its id. */
    public static String fileUnverified(String subject, String type) {
        return given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body("{\"type\": \"" + type + "\", \"subjectId\": \"" + subject + "\"}")
                .when().post(PATH).then().statusCode(201).extract().path("id");
    }

    /**
     * Sends a system's answer as its outbox would (source = the system, key and ce_subject = the subject); the
     * event id, so that a test can send the same event again.
     */
    public static String answer(String system, String requestId, String subject, String outcome, String detail,
            Integer affected, String dataJson) {
        String eventId = UUID.randomUUID().toString();
        answerAs(eventId, system, system, requestId, subject, outcome, detail, affected, dataJson);
        return eventId;
    }

    /** An answer with a given event id, published under {@code source} (which a well-behaved system sets to itself). */
    public static void answerAs(String eventId, String source, String system, String requestId, String subject,
            String outcome, String detail, Integer affected, String dataJson) {
        StringBuilder payload = new StringBuilder("{\"requestId\": \"").append(requestId)
                .append("\", \"subjectId\": \"").append(subject)
                .append("\", \"system\": \"").append(system)
                .append("\", \"outcome\": \"").append(outcome)
                .append("\", \"detail\": \"").append(detail).append('"');
        if (affected != null) {
            payload.append(", \"affected\": ").append(affected);
        }
        if (dataJson != null) {
            payload.append(", \"data\": ").append(dataJson);
        }
        payload.append(", \"answeredAt\": \"").append(Instant.now()).append("\"}");
        EventType type = EventCatalogue.DATA_REQUEST_TASK_ANSWERED;
        TestEvents.send(type.topic(), type.type(), type.dataSchema(), source, eventId, subject, payload.toString());
    }

    /** Every suite system answers {@code completed} with a count and no data. */
    public static void allSystemsComplete(String requestId, String subject) {
        for (String system : SUITE_SYSTEMS) {
            answer(system, requestId, subject, "completed", system + " did it", 1, null);
        }
    }

    public static String status(String id) {
        return (String) ServiceDb.single(ServiceDatabases.DATA_REQUEST, "select status from data_request where id = ?",
                UUID.fromString(id));
    }

    /** Waits until the committed state of the request is {@code expected}. */
    public static void awaitStatus(String id, String expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id), expected::equals);
    }

    public static long count(String sql, Object... params) {
        return ServiceDb.count(ServiceDatabases.DATA_REQUEST, sql, params);
    }

    public static void update(String sql, Object... params) {
        assertThat(ServiceDb.update(ServiceDatabases.DATA_REQUEST, sql, params)).isPositive();
    }

    public static long requestCount(String subject) {
        return count("select count(*) from data_request where subject_id = ?", subject);
    }

    public static long outboxCount(String subject) {
        return count("select count(*) from outbox_event where record_key = ?", subject);
    }

    /** The lifecycle events about one subject, in order. */
    public static List<TopicRecord> lifecycle(String subject) {
        return PublishedEvents.about(EventCatalogue.DATA_REQUEST_TOPIC, subject);
    }

    /** Waits for the subject's lifecycle events until {@code done} holds, checking each against the contract. */
    public static List<TopicRecord> awaitLifecycle(String subject, Predicate<List<TopicRecord>> done) {
        List<TopicRecord> events = await().atMost(Duration.ofSeconds(30)).until(() -> lifecycle(subject), done);
        events.forEach(e -> PublishedEvents.assertContractHolds(e, e.header(CloudEventHeaders.TYPE), SERVICE, subject));
        return events;
    }

    /** The lifecycle event types of the subject, by short name, waiting until there are {@code n}. */
    public static List<String> awaitLifecycleTypes(String subject, int n) {
        return awaitLifecycle(subject, l -> l.size() >= n).stream().map(DataRequestTesting::shortType).toList();
    }

    /** The tasks published for a request, in order, each checked against the contract. */
    public static List<TopicRecord> tasks(String subject, String requestId) {
        List<TopicRecord> tasks = PublishedEvents.about(EventCatalogue.DATA_REQUEST_TASKS_TOPIC, subject).stream()
                .filter(t -> requestId.equals(JsonPath.from(t.value()).getString("requestId"))).toList();
        tasks.forEach(t -> PublishedEvents.assertContractHolds(t, EventCatalogue.DATA_REQUEST_TASK_ASSIGNED.type(),
                SERVICE, subject));
        return tasks;
    }

    public static List<TopicRecord> awaitTasks(String subject, String requestId, int n) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> tasks(subject, requestId), l -> l.size() >= n);
    }

    /** Dead letters that carry the given event id. */
    public static List<TopicRecord> deadLetters(String eventId) {
        return TopicReader.readAll("privacy.dead-letter.v1").stream()
                .filter(r -> eventId.equals(r.header(CloudEventHeaders.ID))).toList();
    }

    public static String shortType(TopicRecord r) {
        return r.header(CloudEventHeaders.TYPE).substring(EventCatalogue.TYPE_PREFIX.length());
    }
}
