package jp.onplanetz.privacy.disclosurelog.events;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.service.registers.LegalExceptionReviewService;
import jp.onplanetz.privacy.disclosurelog.service.records.RecordService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.payload.DataUseRecorded;
import jp.onplanetz.privacy.runtime.inbox.EventIntake;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Turns the uses consent-service permitted into what the law wants kept: a provision to a third party on consent
 * becomes a record in the ledger; a use on a legal exception goes to its own register, apart from the records;
 * a use inside the company is neither. The inbox row and the effect commit together: a redelivered event changes
 * nothing.
 */
@ApplicationScoped
public class DataUseEventsConsumer {

    static final String CONSUMER = "disclosure-log-service.records";

    private final EventIntake intake;
    private final RecordService records;
    private final LegalExceptionReviewService legalExceptions;
    private final EventIntake.Handlers handlers;

    public DataUseEventsConsumer(EventIntake intake, RecordService records,
            LegalExceptionReviewService legalExceptions) {
        this.intake = intake;
        this.records = records;
        this.legalExceptions = legalExceptions;
        this.handlers = EventIntake.handlers().on(EventCatalogue.DATA_USE_RECORDED, (use, event) -> used(event.id(), use));
    }

    @Incoming("data-use-events")
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) {
        intake.receive(record, CONSUMER, handlers);
    }

    private void used(String eventId, DataUseRecorded use) {
        if (use.onLegalException()) {
            legalExceptions.registerUse(eventId, use);
        } else if (use.recipient() != null) {
            records.recordPermittedProvision(eventId, use);
        }
    }
}
