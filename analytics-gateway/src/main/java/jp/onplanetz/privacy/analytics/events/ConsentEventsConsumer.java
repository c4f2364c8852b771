package jp.onplanetz.privacy.analytics.events;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.service.ConsentProjectionService;
import jp.onplanetz.privacy.analytics.service.IngestService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.EventIntake;
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

    private final EventIntake intake;
    private final EventIntake.Handlers handlers;

    public ConsentEventsConsumer(EventIntake intake, ConsentProjectionService projection, IngestService ingest) {
        this.intake = intake;
        this.handlers = EventIntake.handlers()
                .on(EventCatalogue.CONSENT_GRANTED, (granted, event) -> projection.granted(event.id(), granted))
                .on(EventCatalogue.CONSENT_RECONSENT_REQUIRED,
                        (required, event) -> projection.reconsentRequired(event.id(), required))
                .on(EventCatalogue.CONSENT_WITHDRAWN, (withdrawn, event) -> {
                    projection.withdrawn(event.id(), withdrawn);
                    // in the same transaction: the projection and the stored events never disagree about a withdrawal
                    ingest.consentWithdrawn(withdrawn.subjectId(), withdrawn.purpose());
                });
    }

    @Incoming("consent-events")
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) {
        intake.receive(record, CONSUMER, handlers);
    }
}
