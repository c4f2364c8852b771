package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;

/**
 * {@code usage.event-recorded.v1}: a person used one of the company's services, as the service reports it (raw:
 * analytics-gateway pseudonymises it at its door).
 */
public record UsageEventRecorded(String subjectId, String anonymousId, String cookieId, String terminalId, String ip,
        OffsetDateTime occurredAt, String eventType, String page, String gender, Integer birthYear, String address,
        String companyName, String companySize, String companySector, String jobTitle) {

    /** Only the kind and time: the identifiers and profile are raw personal data, never to be logged. */
    @Override
    public String toString() {
        return "UsageEventRecorded[eventType=" + eventType + ", occurredAt=" + occurredAt + ", raw fields hidden]";
    }
}
