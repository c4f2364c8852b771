package jp.onplanetz.privacy.disclosurelog.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.service.DataRequestTask;
import jp.onplanetz.privacy.disclosurelog.service.DataRequestTaskService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.Inbox;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Data subjects' requests from data-request-service ({@code privacy.data-request.tasks.v1}): the disclosure log's
 * part of each (see {@link DataRequestTaskService}). The inbox row, the work (a mark on the subject, or nothing)
 * and the answer in the outbox commit together: a redelivered task is neither carried out nor answered twice. A
 * task that cannot be read or carried out rolls back and goes to the dead-letter topic with the reason, unanswered
 * (data-request-service's deadline then flags the missing answer).
 */
@ApplicationScoped
public class DataRequestTasksConsumer {

    static final String CONSUMER = "disclosure-log-service.data-request-tasks";

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
        // not a CloudEvent, of an unknown type, or breaking its schema (an unknown request type): poison
        ReceivedEvent event = ReceivedEvent.of(record);
        if (!inbox.firstDelivery(CONSUMER, event.id(), event.type())) {
            return;
        }
        if (!event.is(EventCatalogue.DATA_REQUEST_TASK_ASSIGNED)) {
            // other types of the topic are not ours to apply; the inbox row records that we saw them
            return;
        }
        DataRequestTask task;
        try {
            task = json.readValue(event.payload(), DataRequestTask.class);
        } catch (JsonProcessingException e) {
            // the schema passed, so a value Java cannot hold; the parser's message may quote the payload: not used
            throw new PoisonEventException("event " + event.id() + " cannot be read as " + event.eventType().name());
        }
        if (!task.subjectId().equals(event.subject())) {
            // the key orders one subject's tasks; a task filed under another subject (or none) is a producer's bug
            throw new PoisonEventException("event " + event.id() + ": subjectId and ce_subject differ");
        }
        try {
            tasks.carryOut(task, event.id());
        } catch (IllegalArgumentException refused) {
            throw new PoisonEventException("event " + event.id() + ": " + refused.getMessage());
        }
    }
}
