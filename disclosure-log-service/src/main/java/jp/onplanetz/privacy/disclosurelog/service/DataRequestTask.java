package jp.onplanetz.privacy.disclosurelog.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A verified data-subject request as data-request-service assigns it to every system holding personal data: this
 * service's reading of {@code data-request.task-assigned.v1} (every field of the schema, which allows no others).
 * {@code purposes} (cessation of use, consent withdrawal) and {@code recipients} (cessation of provision) empty
 * mean all.
 */
public record DataRequestTask(UUID requestId, String subjectId, String requestType, List<String> purposes,
        List<String> recipients, String format, Map<String, String> correction, OffsetDateTime assignedAt,
        OffsetDateTime answerBy) {

    public DataRequestTask {
        purposes = purposes == null ? List.of() : List.copyOf(purposes);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** The request's id and type only: a correction's values are the subject's personal data. */
    @Override
    public String toString() {
        return "DataRequestTask[requestId=" + requestId + ", requestType=" + requestType + "]";
    }
}
