package jp.onplanetz.privacy.disclosurelog.support;

import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestEvents;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** analytics-gateway's release events, as its outbox relay would put them on the topic. */
public final class Releases {

    public static final EventType RELEASED = EventCatalogue.ANALYTICS_STATISTICS_RELEASED;
    public static final EventType REFUSED = EventCatalogue.ANALYTICS_RELEASE_REFUSED;

    private Releases() {
    }

    /** A recipient code no other test uses, so that a test reads only its own entries. */
    public static String newRecipient() {
        return "r-" + UUID.randomUUID();
    }

    /** A release of two cells (three suppressed) by gender and age band, k 50, L 5, epsilon 0.5. */
    public static String released(String releaseId, String recipient, String releasedAt) {
        return """
                {"releaseId": "%s", "definitionId": "c0a8012e-7b1a-4c7e-9a53-1c2b3d4e5f60", "recipient": "%s",
                 "purpose": "anonymised-statistics", "windowStart": "2026-11-24T00:00:00Z",
                 "windowEnd": "2026-11-25T00:00:00Z", "dimensions": ["gender", "ageBand"], "measure": "distinct-people",
                 "epsilon": "0.5", "maxCellsPerPerson": 5, "minimumPeoplePerCell": 50,
                 "cells": [{"values": {"gender": "female", "ageBand": "30-39"}, "count": 412},
                           {"values": {"gender": "male", "ageBand": "30-39"}, "count": 388}],
                 "suppressedCells": 3, "releasedAt": "%s"}""".formatted(releaseId, recipient, releasedAt);
    }

    /** A release refused with 2.75 of the month's 3.0 spent. */
    public static String refused(String recipient, String refusedAt) {
        return """
                {"definitionId": "c0a8012e-7b1a-4c7e-9a53-1c2b3d4e5f60", "recipient": "%s",
                 "windowStart": "2026-11-24T00:00:00Z", "windowEnd": "2026-11-25T00:00:00Z", "epsilon": "0.5",
                 "budgetPeriod": "2026-11", "spent": "2.75", "cap": "3.0", "refusedAt": "%s"}"""
                .formatted(recipient, refusedAt);
    }

    /** Sends a valid event (checked against its schema first, so that a test of a good event cannot send a bad one). */
    public static void send(EventType type, String eventId, String recipient, String payload) {
        assertThat(EventSchemas.violations(type, payload)).isEmpty();
        sendUnchecked(type, eventId, recipient, payload);
    }

    /** Sends whatever it is given, as a release event of the gateway: for the events the register must refuse. */
    public static void sendUnchecked(EventType type, String eventId, String recipient, String payload) {
        TestEvents.send(EventCatalogue.ANALYTICS_RELEASES_TOPIC, type.type(), type.dataSchema(), Services.ANALYTICS,
                eventId, recipient, payload);
    }

    /** Waits until the consumer has taken event {@code eventId} (entered, or skipped), whatever it made of it. */
    public static void awaitConsumed(String eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> ServiceDb.count(ServiceDatabases.DISCLOSURE_LOG,
                "select count(*) from inbox_message where consumer = 'disclosure-log-service.statistics-releases'"
                        + " and event_id = ?", eventId) == 1);
    }

    /** Sends a valid event and waits until it is in the register; returns the id of its entry. */
    public static String record(EventType type, String eventId, String recipient, String payload) {
        send(type, eventId, recipient, payload);
        awaitConsumed(eventId);
        return ServiceDb.single(ServiceDatabases.DISCLOSURE_LOG,
                "select id::text from statistics_release where event_id = ?", eventId).toString();
    }
}
