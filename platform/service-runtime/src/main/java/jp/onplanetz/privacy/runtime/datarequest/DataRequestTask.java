package jp.onplanetz.privacy.runtime.datarequest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One verified request of a data subject, as data-request-service assigns it to every system that holds personal data:
 * the fields of {@code data-request.task-assigned.v1} (all of them: the schema allows no others). {@code purposes}
 * (cessation of use, consent withdrawal) and {@code recipients} (cessation of provision) empty mean all.
 */
public record DataRequestTask(UUID requestId, String subjectId, String requestType, List<String> purposes,
        List<String> recipients, String format, Map<String, String> correction, OffsetDateTime assignedAt,
        OffsetDateTime answerBy) {

    public DataRequestTask {
        purposes = purposes == null ? List.of() : List.copyOf(purposes);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** Leaves out the subject's id and a correction's values: they are the subject's personal data. */
    @Override
    public String toString() {
        return "DataRequestTask[requestId=" + requestId + ", requestType=" + requestType + ", purposes=" + purposes
                + ", recipients=" + recipients + "]";
    }
}
