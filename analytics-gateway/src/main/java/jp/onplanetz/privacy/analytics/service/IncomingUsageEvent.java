package jp.onplanetz.privacy.analytics.service;

import jp.onplanetz.privacy.events.payload.UsageEventRecorded;

import java.time.OffsetDateTime;

/**
 * A usage event as a service reports it, over HTTP or on {@code privacy.usage.events.v1} (the fields of
 * {@code usage.event-recorded.v1}). Raw: it holds direct identifiers and must never be stored or logged as it
 * is; {@link IngestService} turns it into a {@link jp.onplanetz.privacy.analytics.UsageEvent}.
 */
public record IncomingUsageEvent(String subjectId, String anonymousId, String cookieId, String terminalId, String ip,
        OffsetDateTime occurredAt, String eventType, String page, String gender, Integer birthYear, String address,
        String companyName, String companySize, String companySector, String jobTitle) {

    /** The same event as it came on the topic. */
    public static IncomingUsageEvent of(UsageEventRecorded e) {
        return new IncomingUsageEvent(e.subjectId(), e.anonymousId(), e.cookieId(), e.terminalId(), e.ip(),
                e.occurredAt(), e.eventType(), e.page(), e.gender(), e.birthYear(), e.address(), e.companyName(),
                e.companySize(), e.companySector(), e.jobTitle());
    }

    /** Only which fields are set: a raw event in a log line or an exception message would leak it. */
    @Override
    public String toString() {
        return "IncomingUsageEvent[eventType=" + eventType + ", occurredAt=" + occurredAt + ", raw fields hidden]";
    }
}
