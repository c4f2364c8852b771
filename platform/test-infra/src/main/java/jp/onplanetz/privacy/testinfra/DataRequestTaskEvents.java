package jp.onplanetz.privacy.testinfra;

import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.Services;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * data-request-service's side of a task, as the data holders' tests play it through the real broker: tasks sent as its
 * outbox relay sends them, answers found on the results topic as it reads them. Strings in and out (this module is
 * loaded parent-first); each holder checks the answers it publishes itself.
 */
public final class DataRequestTaskEvents {

    private DataRequestTaskEvents() {
    }

    /** A task's payload; {@code purposes} and {@code recipients} are JSON arrays. */
    public static String task(String subject, String requestId, String requestType, String purposes, String recipients) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return """
                {"requestId":"%s","subjectId":"%s","requestType":"%s","purposes":%s,"recipients":%s,
                 "assignedAt":"%s","answerBy":"%s"}"""
                .formatted(requestId, subject, requestType, purposes, recipients, now, now.plusMinutes(5));
    }

    /** A task naming no recipients. */
    public static String task(String subject, String requestId, String requestType, String purposes) {
        return task(subject, requestId, requestType, purposes, "[]");
    }

    /** Sends a task event under {@code key} (the record key and ce_subject). */
    public static void sendTask(String eventId, String key, String payload) {
        EventType t = EventCatalogue.DATA_REQUEST_TASK_ASSIGNED;
        TestEvents.send(t.topic(), t.type(), t.dataSchema(), Services.DATA_REQUEST, eventId, key, payload);
    }

    /** Sends a task for a new request, as data-request-service would; the request's id. */
    public static String request(String subject, String requestType, String purposes, String recipients) {
        String requestId = UUID.randomUUID().toString();
        sendTask(UUID.randomUUID().toString(), subject, task(subject, requestId, requestType, purposes, recipients));
        return requestId;
    }

    public static String request(String subject, String requestType, String purposes) {
        return request(subject, requestType, purposes, "[]");
    }

    public static String request(String subject, String requestType) {
        return request(subject, requestType, "[]", "[]");
    }

    /** The answers to one request, in the order published (the topic is keyed by the subject; the id is in the payload). */
    public static List<TopicRecord> answersTo(String requestId) {
        return TopicReader.readAll(EventCatalogue.DATA_REQUEST_RESULTS_TOPIC).stream()
                .filter(r -> r.value().contains("\"requestId\":\"" + requestId + "\"")).toList();
    }
}
