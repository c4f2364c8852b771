package jp.onplanetz.privacy.disclosurelog.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.DataRequestTaskEvents;
import jp.onplanetz.privacy.testinfra.PublishedEvents;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TopicRecord;

import java.io.UncheckedIOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The disclosure log's answers to tasks as the tests check them (tasks are sent with test-infra's
 * DataRequestTaskEvents), and its marks.
 */
public final class DataRequestTasks {

    public static final String SYSTEM = Services.DISCLOSURE_LOG;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataRequestTasks() {
    }

    /** Waits for the first answer to the request, checked against the published contract. */
    public static JsonNode answer(String requestId) {
        TopicRecord r = await().atMost(Duration.ofSeconds(30))
                .until(() -> DataRequestTaskEvents.answersTo(requestId), l -> !l.isEmpty()).get(0);
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

    /** How many marks the subject has. */
    public static long marks(String subject) {
        return ServiceDb.count(ServiceDatabases.DISCLOSURE_LOG,
                "select count(*) from subject_request_mark where subject_id = ?", subject);
    }
}
