package jp.onplanetz.privacy.events.datarequest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The payload of {@code data-request.task-assigned.v1}: one verified request of a data subject, as data-request-service
 * assigns it to every system that holds personal data (all of the schema's fields: it allows no others).
 *
 * @param purposes   cessation of use, consent withdrawal: the purposes concerned; empty means all
 * @param recipients cessation of provision: the recipients concerned; empty means all
 * @param format     disclosures: the format the subject chose for the bundle; otherwise null
 * @param correction corrections: field to its new value (null removes it); otherwise null
 * @param answerBy   when data-request-service's watchdog flags a system that has not answered
 */
public record DataRequestTask(UUID requestId, String subjectId, RequestType requestType, List<String> purposes,
        List<String> recipients, @JsonInclude(JsonInclude.Include.NON_NULL) String format,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> correction, OffsetDateTime assignedAt,
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
