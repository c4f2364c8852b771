package jp.onplanetz.privacy.disclosurelog.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.PublishedEvents;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestEvents;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * data-request-service's side of a task, as the tests play it through the real broker: tasks sent as its outbox
 * relay would send them, answers read from the results topic as it would read them.
 */
public final class DataRequestTasks {

    public static final String SYSTEM = Services.DISCLOSURE_LOG;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataRequestTasks() {
    }

    /** A task's payload; {@code purposes} and {@code recipients} are JSON arrays. */
    public static String task(String subject, String requestId, String requestType, String purposes, String recipients) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return """
                {"requestId":"%s","subjectId":"%s","requestType":"%s","purposes":%s,"recipients":%s,
                 "assignedAt":"%s","answerBy":"%s"}"""
                .formatted(requestId, subject, requestType, purposes, recipients, now, now.plusMinutes(5));
    }

    /** Sends a task event under {@code key} (the record key and ce_subject). */
    public static void send(String eventId, String key, String payload) {
        EventType t = EventCatalogue.DATA_REQUEST_TASK_ASSIGNED;
        TestEvents.send(t.topic(), t.type(), t.dataSchema(), Services.DATA_REQUEST, eventId, key, payload);
    }

    /** Sends a task for a new request, as data-request-service would; returns the request's id. */
    public static String request(String subject, String requestType) {
        return request(subject, requestType, "[]", "[]");
    }

    public static String request(String subject, String requestType, String purposes, String recipients) {
        String requestId = UUID.randomUUID().toString();
        send(UUID.randomUUID().toString(), subject, task(subject, requestId, requestType, purposes, recipients));
        return requestId;
    }

    /** The answers to one request on the results topic, in the order published. */
    public static List<TopicRecord> answersTo(String requestId) {
        return TopicReader.readAll(EventCatalogue.DATA_REQUEST_RESULTS_TOPIC).stream()
                .filter(r -> r.value().contains("\"requestId\":\"" + requestId + "\"")).toList();
    }

    /** Waits for the first answer to the request, checked against the published contract. */
    public static JsonNode answer(String requestId) {
        TopicRecord r = await().atMost(Duration.ofSeconds(30)).until(() -> answersTo(requestId), l -> !l.isEmpty())
                .get(0);
        return checked(r, requestId);
    }

    /** The answer in {@code r}: published by this service, keyed by the person, within the schema. */
    public static JsonNode checked(TopicRecord r, String requestId) {
        JsonNode answer = read(r.value());
        PublishedEvents.assertContractHolds(r, EventCatalogue.DATA_REQUEST_TASK_ANSWERED.type(), SYSTEM,
                answer.get("subjectId").asText());
        assertThat(answer.get("requestId").asText()).isEqualTo(requestId);
        assertThat(answer.get("system").asText()).isEqualTo(SYSTEM);
        return answer;
    }

    public static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Optional<TopicRecord> deadLetter(String eventId) {
        return TopicReader.readAll(EventCatalogue.DEAD_LETTERS.name()).stream()
                .filter(r -> eventId.equals(r.header(CloudEventHeaders.ID))).findFirst();
    }

    /** How many marks the subject has. */
    public static long marks(String subject) {
        return ServiceDb.count(ServiceDatabases.DISCLOSURE_LOG,
                "select count(*) from subject_request_mark where subject_id = ?", subject);
    }
}
