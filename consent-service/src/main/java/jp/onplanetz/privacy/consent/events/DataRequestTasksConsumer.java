package jp.onplanetz.privacy.consent.events;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.consent.service.DataRequestTaskService;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestTaskIntake;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Data subjects' requests from data-request-service ({@code privacy.data-request.tasks.v1}), read in the consumer
 * group {@value #CONSUMER}: unlike {@link ConsentEventsFollower}, which every replica runs over every partition, a
 * task is carried out by one replica only. The inbox row, the work (withdrawals, a disclosure) and the answer commit
 * together ({@link DataRequestTaskIntake}); a task that cannot be carried out goes to the dead-letter topic unanswered.
 */
@ApplicationScoped
public class DataRequestTasksConsumer {

    static final String CONSUMER = "consent-service.data-request-tasks";

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
        intake.receive(record, CONSUMER, (task, eventId) -> tasks.carryOut(task));
    }
}
