package jp.onplanetz.privacy.runtime.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How every consumer of the suite takes an event, in its consumer's transaction: the record checked against the
 * contract ({@link ReceivedEvent}), the inbox row, the payload read into its record of the event contract, and the
 * consumer's handler for the type, all committed together. A redelivered event is applied once. A type of the topic
 * without a handler is not the consumer's to apply: its inbox row records that it was seen. What can never be applied
 * is a {@link PoisonEventException}, which rolls back and goes to the channel's dead-letter topic with the reason: a
 * record that is no valid event, a payload Java cannot hold, and an event a handler refuses with an
 * {@link IllegalArgumentException}.
 *
 * <pre>{@code
 * private final EventIntake.Handlers handlers = EventIntake.handlers()
 *         .on(EventCatalogue.CONSENT_GRANTED, (granted, event) -> projection.granted(event.id(), granted));
 *
 * @Incoming("consent-events") @Blocking @RetryTransientFailures @Transactional
 * public void apply(ConsumerRecord<String, String> record) {
 *     intake.receive(record, CONSUMER, handlers);
 * }
 * }</pre>
 */
@ApplicationScoped
public class EventIntake {

    /** A consumer's work for one event type; an {@link IllegalArgumentException} refuses the event (dead-lettered). */
    @FunctionalInterface
    public interface Handler<P> {
        void handle(P payload, ReceivedEvent event);
    }

    /** A consumer's handlers by event type, and the types its records may be of. Immutable: build it once. */
    public static final class Handlers {
        private final Function<String, Optional<EventType<?>>> types;
        private final Map<EventType<?>, Handler<?>> byType;

        private Handlers(Function<String, Optional<EventType<?>>> types, Map<EventType<?>, Handler<?>> byType) {
            this.types = types;
            this.byType = byType;
        }

        /** These handlers with {@code handler} for events of {@code type}. */
        public <P> Handlers on(EventType<P> type, Handler<? super P> handler) {
            if (byType.containsKey(type)) {
                throw new IllegalArgumentException("a second handler for " + type.name());
            }
            Map<EventType<?>, Handler<?>> more = new LinkedHashMap<>(byType);
            more.put(type, handler);
            return new Handlers(types, more);
        }
    }

    /** No handlers yet, for records of the catalogue's event types. */
    public static Handlers handlers() {
        return handlers(EventCatalogue::byType);
    }

    /** No handlers yet, for records of the types {@code types} knows (a test application's own). */
    public static Handlers handlers(Function<String, Optional<EventType<?>>> types) {
        return new Handlers(types, Map.of());
    }

    private final Inbox inbox;
    private final ObjectMapper json;

    public EventIntake(Inbox inbox, ObjectMapper json) {
        this.inbox = inbox;
        this.json = json;
    }

    /**
     * Applies a record once for the consumer {@code consumer} (its inbox name).
     *
     * @throws PoisonEventException for a record that can never be applied
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void receive(ConsumerRecord<String, String> record, String consumer, Handlers handlers) {
        ReceivedEvent event = ReceivedEvent.of(record, handlers.types);
        if (inbox.firstDelivery(consumer, event.id(), event.type())) {
            handle(event, handlers);
        }
    }

    /**
     * Applies a record without an inbox: for a reader whose effect may be applied again harmlessly and that keeps no
     * transaction per event (a projection every replica keeps for itself).
     *
     * @throws PoisonEventException for a record that can never be applied
     */
    public void dispatch(ConsumerRecord<String, String> record, Handlers handlers) {
        handle(ReceivedEvent.of(record, handlers.types), handlers);
    }

    /**
     * The payload of a checked event as its record.
     *
     * @throws PoisonEventException when it cannot be read (past the schema: a value Java cannot hold)
     */
    public <P> P payload(ReceivedEvent event, EventType<P> type) {
        if (!event.is(type)) {
            throw new IllegalArgumentException("event " + event.id() + " is " + event.type() + ", not " + type.type());
        }
        try {
            return json.readValue(event.payload(), type.payloadType());
        } catch (JsonProcessingException e) {
            // the parser's message may quote the subject's data, so it is not the reason
            throw new PoisonEventException("event " + event.id() + " cannot be read as " + type.name());
        }
    }

    private void handle(ReceivedEvent event, Handlers handlers) {
        Handler<?> handler = handlers.byType.get(event.eventType());
        if (handler != null) {
            handle(event, event.eventType(), handler);
        }
    }

    @SuppressWarnings("unchecked") // the handler was registered for this type (Handlers.on)
    private <P> void handle(ReceivedEvent event, EventType<P> type, Handler<?> handler) {
        P payload = payload(event, type);
        try {
            ((Handler<? super P>) handler).handle(payload, event);
        } catch (IllegalArgumentException refused) {
            throw new PoisonEventException("event " + event.id() + ": " + refused.getMessage());
        }
    }
}
