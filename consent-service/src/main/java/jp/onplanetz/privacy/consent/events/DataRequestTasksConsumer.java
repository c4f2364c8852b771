package jp.onplanetz.privacy.consent.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.consent.service.DataRequestTask;
import jp.onplanetz.privacy.consent.service.DataRequestTaskService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.Inbox;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Data subjects' requests from data-request-service ({@code privacy.data-request.tasks.v1}), read in the consumer
 * group {@value #CONSUMER}: unlike {@link ConsentEventsFollower}, which every replica runs over every partition, a
 * task is carried out by one replica only. The inbox row, the work (withdrawals, a disclosure) and the answer in the
 * outbox commit together: a redelivered task is neither carried out nor answered twice, and a task that cannot be
 * carried out is not answered at all but rolls back and goes to {@code privacy.dead-letter.v1} with the reason
 * (data-request-service's deadline then flags the missing answer).
 */
@ApplicationScoped
public class DataRequestTasksConsumer {

    static final String CONSUMER = "consent-service.data-request-tasks";

    private final Inbox inbox;
    private final DataRequestTaskService tasks;
    private final ObjectMapper json;

    public DataRequestTasksConsumer(Inbox inbox, DataRequestTaskService tasks, ObjectMapper json) {
        this.inbox = inbox;
        this.tasks = tasks;
        this.json = json;
    }

    @Incoming("data-request-tasks")
    @Blocking
    @Transactional
    public void apply(ConsumerRecord<String, String> record) {
        // refuses (poison) a record that is no CloudEvent, of an unknown type, breaking its schema, or keyed by
        // another subject than its ce_subject
        ReceivedEvent event = ReceivedEvent.of(record);
        if (!inbox.firstDelivery(CONSUMER, event.id(), event.type())) {
            return;
        }
        if (!event.is(EventCatalogue.DATA_REQUEST_TASK_ASSIGNED)) {
            // not ours to apply; the inbox row records that it was seen
            return;
        }
        DataRequestTask task;
        try {
            task = json.readValue(event.payload(), DataRequestTask.class);
        } catch (JsonProcessingException e) {
            // past the schema, so a value Java cannot hold; the parser's message may quote the subject's data
            throw new PoisonEventException("event " + event.id() + " cannot be read as " + event.eventType().name());
        }
        if (event.subject() != null && !event.subject().equals(task.subjectId())) {
            // one subject's tasks are ordered by the key; a task filed under another subject is a producer's bug,
            // carried out for neither of them
            throw new PoisonEventException("event " + event.id() + ": subjectId and ce_subject differ");
        }
        try {
            tasks.carryOut(task);
        } catch (IllegalArgumentException refused) {
            throw new PoisonEventException("event " + event.id() + ": " + refused.getMessage());
        }
    }
}
