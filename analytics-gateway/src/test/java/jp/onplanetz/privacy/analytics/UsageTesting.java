package jp.onplanetz.privacy.analytics;

import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestEvents;
import jp.onplanetz.privacy.testinfra.TestTokens;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Consents as consent-service publishes them, and usage events as a reporting service sends them. */
public final class UsageTesting {

    public static final String PURPOSE = "anonymised-statistics";

    private UsageTesting() {
    }

    /** The reporting apps' service account, as the local realm's {@code usage-reporter} client gets it. */
    public static String reporterToken() {
        return TestTokens.service(jp.onplanetz.privacy.testinfra.oidc.LocalIdentities.USAGE_REPORTER);
    }

    /** An event type nobody else uses, to find a test's rows; letters only, so no raw number can hide in it. */
    public static String uniqueEventType() {
        StringBuilder type = new StringBuilder("t-");
        for (char c : UUID.randomUUID().toString().replace("-", "").toCharArray()) {
            type.append(Character.isDigit(c) ? (char) ('g' + (c - '0')) : c);
        }
        return type.toString();
    }

    /** Grants the purpose through the broker and waits until the gateway's projection has it; returns the consent id. */
    public static String grant(String subject) {
        return grant(subject, OffsetDateTime.now(ZoneOffset.UTC).minusHours(1));
    }

    /** {@link #grant(String)} with the time consent-service says the subject granted it. */
    public static String grant(String subject, OffsetDateTime grantedAt) {
        String consentId = UUID.randomUUID().toString();
        send(EventCatalogue.CONSENT_GRANTED, subject, """
                {"consentId":"%s","subjectId":"%s","purpose":"%s","recipient":"acme-ads",
                 "grantedAt":"%s","expiresAt":null,"method":"web-form","actor":"%s"}"""
                .formatted(consentId, subject, PURPOSE, grantedAt, subject));
        awaitProjection(consentId, "granted");
        return consentId;
    }

    public static void withdraw(String subject, String consentId) {
        send(EventCatalogue.CONSENT_WITHDRAWN, subject, """
                {"consentId":"%s","subjectId":"%s","purpose":"%s","recipient":"acme-ads",
                 "withdrawnAt":"%s","actor":"%s"}"""
                .formatted(consentId, subject, PURPOSE, OffsetDateTime.now(ZoneOffset.UTC), subject));
        awaitProjection(consentId, "withdrawn");
    }

    /** Sends a usage event to privacy.usage.events.v1 as a reporting app would. */
    public static void sendUsage(String id, String key, String payload) {
        sendUsage(EventCatalogue.USAGE_TOPIC, id, key, payload);
    }

    /** {@link #sendUsage(String, String, String)} to another topic (a test's own door). */
    public static void sendUsage(String topic, String id, String key, String payload) {
        EventType t = EventCatalogue.USAGE_EVENT_RECORDED;
        TestEvents.send(topic, t.type(), t.dataSchema(), Services.SERVICE_APPS, id, key, payload);
    }

    /** A usage event's JSON with the given subject (null: none) and event type, occurring a minute ago. */
    public static String event(String subject, String eventType) {
        return """
                {"subjectId":%s,"cookieId":"cookie-%s","terminalId":"term-%s","ip":"203.0.113.47",
                 "occurredAt":"%s","eventType":"%s","page":"/plans/business","gender":"female","birthYear":1988,
                 "address":"東京都千代田区丸の内1-1-1","companySize":"250","companySector":"E",
                 "jobTitle":"Software Engineer"}"""
                .formatted(subject == null ? "null" : "\"" + subject + "\"", UUID.randomUUID(), UUID.randomUUID(),
                        OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), eventType);
    }

    public static long storedOfType(String eventType) {
        return ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from usage_event where event_type = ?",
                eventType);
    }

    private static void send(EventType type, String subject, String payload) {
        TestEvents.send(type.topic(), type.type(), type.dataSchema(), Services.CONSENT, UUID.randomUUID().toString(),
                subject, payload);
    }

    private static void awaitProjection(String consentId, String state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from consent_projection where consent_id = ?::uuid and state = ?", consentId, state) == 1);
    }

    /**
     * A usage event as the door stores it (no pseudonyms set: add those a test needs), for tests that store rows
     * directly through UsageEventRepository.
     */
    public static UsageEvent storedEvent(String eventType, OffsetDateTime occurredAt) {
        UsageEvent e = new UsageEvent();
        e.id = jp.onplanetz.privacy.runtime.jdbc.TimeOrderedIds.of(occurredAt.toInstant(),
                "usage-event " + UUID.randomUUID());
        e.keyVersion = 1;
        e.occurredAt = occurredAt;
        e.eventType = eventType;
        e.gender = "female";
        e.ageBand = "30-39";
        e.prefecture = "tokyo";
        e.region = "kanto";
        e.jobClass = "engineer";
        e.companySize = "10-99";
        e.companySector = "manufacturing";
        e.consentedForAnalytics = true;
        e.ingestedAt = occurredAt.plusSeconds(1);
        return e;
    }
}
