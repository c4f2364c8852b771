package jp.onplanetz.privacy.analytics.events;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.analytics.service.IncomingUsageEvent;
import jp.onplanetz.privacy.analytics.service.IngestService;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.EventIntake;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import jp.onplanetz.privacy.runtime.problem.Problem;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads one record of the usage topic into a valid event, or says why it cannot be kept: the CloudEvents headers,
 * the payload against the event's schema, then the field rules the schema cannot state.
 * <p>
 * A record is read in one streaming pass ({@link UsageEventParser}), which accepts exactly what the schema and the
 * binding to the contract's record accept. Only a record it refuses goes the way every other consumer reads events
 * ({@link ReceivedEvent}, {@link EventIntake#payload}), so that its dead letter carries that way's reason.
 */
@ApplicationScoped
public class UsageEventReader {

    private final IngestService ingest;
    private final EventIntake intake;

    public UsageEventReader(IngestService ingest, EventIntake intake) {
        this.ingest = ingest;
        this.intake = intake;
    }

    /** @throws PoisonEventException with the reason a dead letter carries; the reason never repeats a value */
    public IngestService.Delivered read(ConsumerRecord<String, String> record) {
        String id = header(record, CloudEventHeaders.ID);
        IncomingUsageEvent usage = acceptedHeaders(record, id)
                ? UsageEventParser.parse(record.value()).orElseGet(() -> bySchema(record))
                : bySchema(record);
        List<Problem.InvalidParam> invalid = ingest.violations(usage, "");
        if (!invalid.isEmpty()) {
            throw new PoisonEventException("event " + id + ": invalid usage event: " + String.join("; ",
                    invalid.stream().map(p -> p.name() + ": " + p.reason()).toList()));
        }
        return new IngestService.Delivered(id, record.partition(), usage);
    }

    /** What {@link ReceivedEvent#of} asks of the headers and the key, for an event of the usage type. */
    private static boolean acceptedHeaders(ConsumerRecord<String, String> record, String id) {
        String subject = header(record, CloudEventHeaders.SUBJECT);
        return id != null && header(record, CloudEventHeaders.SOURCE) != null
                && EventCatalogue.USAGE_EVENT_RECORDED.type().equals(header(record, CloudEventHeaders.TYPE))
                && record.value() != null && (subject == null || record.key() == null || subject.equals(record.key()));
    }

    /**
     * The record read the way every consumer reads events: it throws with the reason of the refusal. Should it accept
     * what the streaming parse refused, the parse is wrong, and the event is kept as the contract says.
     */
    private IncomingUsageEvent bySchema(ConsumerRecord<String, String> record) {
        ReceivedEvent event = ReceivedEvent.of(record);
        if (!event.is(EventCatalogue.USAGE_EVENT_RECORDED)) {
            throw new PoisonEventException("event " + event.id() + ": " + event.type() + " is not published to "
                    + EventCatalogue.USAGE_TOPIC);
        }
        IncomingUsageEvent usage = IncomingUsageEvent.of(intake.payload(event, EventCatalogue.USAGE_EVENT_RECORDED));
        // only a record the streaming parse refused comes here, and the headers were read as ReceivedEvent reads them
        Log.errorf("event %s: the schema accepts the usage event the streaming parse refused", event.id());
        return usage;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
