package jp.onplanetz.privacy.analytics.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.service.IncomingUsageEvent;
import jp.onplanetz.privacy.analytics.service.IngestService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.Inbox;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Usage events from {@code privacy.usage.events.v1}, through the same door as the HTTP batches. The inbox row
 * (by CloudEvents id) and the stored event commit together, so a redelivered event is stored once. An event
 * that breaks its schema or the field rules rolls back and goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class UsageEventsConsumer {

    static final String CONSUMER = "analytics-gateway.usage-ingest";

    private final Inbox inbox;
    private final IngestService ingest;
    private final ObjectMapper json;

    public UsageEventsConsumer(Inbox inbox, IngestService ingest, ObjectMapper json) {
        this.inbox = inbox;
        this.ingest = ingest;
        this.json = json;
    }

    @Incoming("usage-events")
    @Blocking
    @Transactional
    public void apply(ConsumerRecord<String, String> record) {
        ReceivedEvent event = ReceivedEvent.of(record);
        if (!event.is(EventCatalogue.USAGE_EVENT_RECORDED)) {
            throw new PoisonEventException("event " + event.id() + ": " + event.type() + " is not published to "
                    + EventCatalogue.USAGE_TOPIC);
        }
        if (!inbox.firstDelivery(CONSUMER, event.id(), event.type())) {
            return;
        }
        IncomingUsageEvent usage;
        try {
            usage = json.readValue(event.payload(), IncomingUsageEvent.class);
        } catch (JsonProcessingException e) {
            // the schema passed, so this is a value Java cannot hold; the parser's message may quote it, so not used
            throw new PoisonEventException("event " + event.id() + " cannot be read as " + event.eventType().name());
        }
        try {
            ingest.ingest(usage);
        } catch (IllegalArgumentException invalid) {
            throw new PoisonEventException("event " + event.id() + ": " + invalid.getMessage());
        }
    }
}
