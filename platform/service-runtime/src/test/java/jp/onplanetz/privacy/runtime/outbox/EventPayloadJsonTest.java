package jp.onplanetz.privacy.runtime.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.payload.PayloadContract;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event payloads as the services' own ObjectMapper writes and reads them: times RFC 3339 with seconds, whatever their
 * value, as the schemas require; every payload record of the catalogue reads its example and writes it back.
 */
@QuarkusTest
class EventPayloadJsonTest {

    @Inject
    ObjectMapper json;

    @Test
    void aTimeOnTheMinuteKeepsItsSecondsAndPassesTheSchema() throws Exception {
        OffsetDateTime onTheMinute = OffsetDateTime.parse("2026-11-25T01:00:00Z");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("consentId", "0b7f5c3e-2a41-4d0e-9d8a-3f3c2b1e6a77");
        event.put("subjectId", "s-1");
        event.put("purpose", "newsletter");
        event.put("recipient", null);
        event.put("grantedAt", onTheMinute);
        event.put("expiresAt", null);
        event.put("method", "api");
        event.put("actor", "s-1");
        String body = json.writeValueAsString(event);
        assertThat(body).contains("\"grantedAt\":\"2026-11-25T01:00:00Z\"");
        assertThat(EventSchemas.violations(EventCatalogue.CONSENT_GRANTED, body)).isEmpty();
    }

    @Test
    void everyPayloadRecordReadsItsExampleAndWritesItBackTheSame() {
        for (EventType<?> type : EventCatalogue.eventTypes()) {
            assertThat(PayloadContract.roundTripDifferences(json, type)).as(type.name()).isEmpty();
        }
    }
}
