package jp.onplanetz.privacy.disclosurelog.events;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.service.requests.DataRequestTaskService;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestTaskIntake;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Data subjects' requests from data-request-service ({@code privacy.data-request.tasks.v1}): the disclosure log's
 * part of each (see {@link DataRequestTaskService}). The inbox row, the work (a mark on the subject, or nothing) and
 * the answer commit together ({@link DataRequestTaskIntake}); a task that cannot be read or carried out goes to the
 * dead-letter topic unanswered.
 */
@ApplicationScoped
public class DataRequestTasksConsumer {

    static final String CONSUMER = "disclosure-log-service.data-request-tasks";

    private final DataRequestTaskIntake intake;
    private final DataRequestTaskService tasks;

    public DataRequestTasksConsumer(DataRequestTaskIntake intake, DataRequestTaskService tasks) {
        this.intake = intake;
        this.tasks = tasks;
    }

    @Incoming("data-request-tasks")
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) {
        // the mark remembers which task made it: carried out with the event's id
        intake.receive(record, CONSUMER, tasks::carryOut);
    }
}
