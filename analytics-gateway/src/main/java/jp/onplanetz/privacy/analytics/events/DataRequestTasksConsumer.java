package jp.onplanetz.privacy.analytics.events;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.service.DataRequestTaskService;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestTaskIntake;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Data subjects' requests from data-request-service ({@code privacy.data-request.tasks.v1}). The inbox row, the work
 * (an erasure, a disclosure ...) and the answer commit together ({@link DataRequestTaskIntake}): a redelivered task is
 * neither carried out nor answered twice, and a task whose work fails is not answered at all but rolls back and goes to
 * the dead-letter topic with the reason (data-request-service's watchdog then flags the missing answer).
 */
@ApplicationScoped
public class DataRequestTasksConsumer {

    static final String CONSUMER = "analytics-gateway.data-request-tasks";

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
