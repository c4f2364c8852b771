package jp.onplanetz.privacy.analytics.events;

import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.analytics.service.IncomingUsageEvent;
import jp.onplanetz.privacy.analytics.service.IngestService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.EventIntake;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import jp.onplanetz.privacy.runtime.problem.Problem;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * Reads one record of the usage topic into a valid event, or says why it cannot be kept: the CloudEvents headers,
 * the payload against the event's schema, then the field rules the schema cannot state.
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
        ReceivedEvent event = ReceivedEvent.of(record);
        if (!event.is(EventCatalogue.USAGE_EVENT_RECORDED)) {
            throw new PoisonEventException("event " + event.id() + ": " + event.type() + " is not published to "
                    + EventCatalogue.USAGE_TOPIC);
        }
        IncomingUsageEvent usage = IncomingUsageEvent.of(intake.payload(event, EventCatalogue.USAGE_EVENT_RECORDED));
        List<Problem.InvalidParam> invalid = ingest.violations(usage, "");
        if (!invalid.isEmpty()) {
            throw new PoisonEventException("event " + event.id() + ": invalid usage event: " + String.join("; ",
                    invalid.stream().map(p -> p.name() + ": " + p.reason()).toList()));
        }
        return new IngestService.Delivered(event.id(), record.partition(), usage);
    }
}
