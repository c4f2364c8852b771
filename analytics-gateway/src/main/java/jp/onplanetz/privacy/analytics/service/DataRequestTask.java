package jp.onplanetz.privacy.analytics.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One verified data-subject request as data-request-service assigns it to every data holder (the fields of
 * {@code data-request.task-assigned.v1}). {@code purposes} and {@code recipients} empty mean all.
 */
public record DataRequestTask(UUID requestId, String subjectId, String requestType, List<String> purposes,
        List<String> recipients, String format, Map<String, String> correction, OffsetDateTime assignedAt,
        OffsetDateTime answerBy) {

    /** Without the correction's values, which are the subject's personal data. */
    @Override
    public String toString() {
        return "DataRequestTask[requestId=" + requestId + ", requestType=" + requestType + "]";
    }
}
