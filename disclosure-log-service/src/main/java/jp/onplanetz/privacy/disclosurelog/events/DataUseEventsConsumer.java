package jp.onplanetz.privacy.disclosurelog.events;

import jp.onplanetz.privacy.disclosurelog.LegalExceptionUse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.repository.registers.LegalExceptionUseRepository;
import jp.onplanetz.privacy.disclosurelog.service.records.RecordService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.Inbox;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns the uses consent-service permitted into what the law wants kept: a provision to a third party on consent
 * becomes a record in the ledger; a use on a legal exception goes to its own register, apart from the records;
 * a use inside the company is neither. The inbox row and the effect commit together: a redelivered event changes
 * nothing.
 */
@ApplicationScoped
public class DataUseEventsConsumer {

    static final String CONSUMER = "disclosure-log-service.records";

    private final Inbox inbox;
    private final RecordService records;
    private final LegalExceptionUseRepository legalExceptions;
    private final ObjectMapper json;

    public DataUseEventsConsumer(Inbox inbox, RecordService records, LegalExceptionUseRepository legalExceptions,
            ObjectMapper json) {
        this.inbox = inbox;
        this.records = records;
        this.legalExceptions = legalExceptions;
        this.json = json;
    }

    @Incoming("data-use-events")
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) throws Exception {
        ReceivedEvent event = ReceivedEvent.of(record);
        if (!inbox.firstDelivery(CONSUMER, event.id(), event.type())) {
            return;
        }
        if (!event.is(EventCatalogue.DATA_USE_RECORDED)) {
            return;
        }
        JsonNode use = json.readTree(event.payload());
        String basis = use.path("basis").asText();
        boolean toThirdParty = !use.path("recipient").isNull() && !use.path("recipient").isMissingNode();
        if ("legal-exception".equals(basis)) {
            List<String> categories = new ArrayList<>();
            use.path("categories").forEach(c -> categories.add(c.asText()));
            legalExceptions.insert(event.id(), new LegalExceptionUse(
                    UUID.fromString(use.path("useId").asText()), use.path("subjectId").asText(), use.path("purpose").asText(),
                    toThirdParty ? use.path("recipient").asText() : null, categories,
                    use.path("legalException").asText(), use.path("justification").asText(null),
                    use.path("caller").asText(), Instant.parse(use.path("decidedAt").asText()), Instant.now(), null));
        } else if (toThirdParty) {
            records.recordPermittedProvision(event.id(), use);
        }
    }
}
