package jp.onplanetz.privacy.runtime.datarequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.Inbox;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How every data holder of the suite takes a task from {@code privacy.data-request.tasks.v1}, in its consumer's
 * transaction: the record checked against the contract, the inbox row, the task read, and the holder's own work (which
 * publishes its answer through {@link DataRequestAnswers}) commit together. A redelivered task is neither carried out
 * nor answered twice. A task that cannot be read or carried out is not answered at all: it rolls back and the channel
 * sends it to the dead-letter topic with the reason (data-request-service's watchdog then flags the missing answer).
 */
@ApplicationScoped
public class DataRequestTaskIntake {

    /** A holder's part of a request; an {@link IllegalArgumentException} refuses the task (dead-lettered). */
    @FunctionalInterface
    public interface Work {
        void carryOut(DataRequestTask task, String eventId);
    }

    private final Inbox inbox;
    private final ObjectMapper json;

    public DataRequestTaskIntake(Inbox inbox, ObjectMapper json) {
        this.inbox = inbox;
        this.json = json;
    }

    /**
     * @param consumer the holder's inbox name (its consumer group)
     * @throws PoisonEventException for a record that is no valid task, a task filed under another subject's key, or a
     *                              task the work refuses
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void receive(ConsumerRecord<String, String> record, String consumer, Work work) {
        // not a CloudEvent, of an unknown type, breaking its schema, or keyed by another subject than its ce_subject
        ReceivedEvent event = ReceivedEvent.of(record);
        if (!inbox.firstDelivery(consumer, event.id(), event.type())) {
            return;
        }
        if (!event.is(EventCatalogue.DATA_REQUEST_TASK_ASSIGNED)) {
            // another type of the topic is not ours to apply; the inbox row records that it was seen
            return;
        }
        DataRequestTask task;
        try {
            task = json.readValue(event.payload(), DataRequestTask.class);
        } catch (JsonProcessingException e) {
            // past the schema, so a value Java cannot hold; the parser's message may quote the subject's data
            throw new PoisonEventException("event " + event.id() + " cannot be read as " + event.eventType().name());
        }
        if (!task.subjectId().equals(event.subject())) {
            // one subject's tasks are ordered by the key; a task filed under another subject (or none) is a producer's
            // bug, carried out for nobody
            throw new PoisonEventException("event " + event.id() + ": subjectId and ce_subject differ");
        }
        try {
            work.carryOut(task, event.id());
        } catch (IllegalArgumentException refused) {
            throw new PoisonEventException("event " + event.id() + ": " + refused.getMessage());
        }
    }
}
