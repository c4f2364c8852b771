package jp.onplanetz.privacy.analytics.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.service.ConsentProjectionService;
import jp.onplanetz.privacy.analytics.service.IngestService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.Inbox;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the consent projection from consent-service's events. The inbox row and the projection change
 * commit together, so a redelivered event changes nothing; a poison event rolls back and goes to the
 * dead-letter topic.
 */
@ApplicationScoped
public class ConsentEventsConsumer {

    static final String CONSUMER = "analytics-gateway.consent-projection";

    private final Inbox inbox;
    private final ConsentProjectionService projection;
    private final IngestService ingest;
    private final ObjectMapper json;

    public ConsentEventsConsumer(Inbox inbox, ConsentProjectionService projection, IngestService ingest,
            ObjectMapper json) {
        this.inbox = inbox;
        this.projection = projection;
        this.ingest = ingest;
        this.json = json;
    }

    @Incoming("consent-events")
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) throws Exception {
        ReceivedEvent event = ReceivedEvent.of(record);
        if (!inbox.firstDelivery(CONSUMER, event.id(), event.type())) {
            return;
        }
        JsonNode data = json.readTree(event.payload());
        if (event.is(EventCatalogue.CONSENT_GRANTED)) {
            JsonNode supersedes = data.get("supersedes");
            if (supersedes != null && !supersedes.isNull()) {
                projection.superseded(event.id(), java.util.UUID.fromString(supersedes.asText()));
            }
            projection.granted(event.id(), data);
        } else if (event.is(EventCatalogue.CONSENT_RECONSENT_REQUIRED)) {
            projection.reconsentRequired(event.id(), data);
        } else if (event.is(EventCatalogue.CONSENT_WITHDRAWN)) {
            projection.withdrawn(event.id(), data);
            // in the same transaction: the projection and the stored events never disagree about a withdrawal
            ingest.consentWithdrawn(data.get("subjectId").asText(), data.get("purpose").asText());
        }
        // Other types of the topic are not ours to apply; the inbox row records that we saw them.
    }
}
