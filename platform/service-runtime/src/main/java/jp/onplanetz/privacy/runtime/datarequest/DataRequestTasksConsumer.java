package jp.onplanetz.privacy.runtime.datarequest;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.runtime.inbox.EventIntake;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Data subjects' requests from data-request-service ({@code privacy.data-request.tasks.v1}), carried out by the
 * service's {@link DataRequestHandler} through {@link DataRequestTaskIntake}. It exists in every service that configures
 * the {@value #CHANNEL} channel, and only there: that configuration is what makes a service a data holder (data-request-
 * service, which assigns the tasks, has no such channel). The channel's consumer group is also the inbox's name, so one
 * replica of the service carries out each task, once.
 */
@ApplicationScoped
@IfBuildProperty(name = "mp.messaging.incoming." + DataRequestTasksConsumer.CHANNEL + ".connector",
        stringValue = "smallrye-kafka")
public class DataRequestTasksConsumer {

    static final String CHANNEL = "data-request-tasks";

    private final EventIntake intake;
    private final EventIntake.Handlers handlers;
    private final String consumer;

    public DataRequestTasksConsumer(EventIntake intake, DataRequestTaskIntake tasks, DataRequestHandler handler,
            @ConfigProperty(name = "mp.messaging.incoming." + CHANNEL + ".group.id") String consumer) {
        this.intake = intake;
        this.handlers = tasks.handlers(handler);
        this.consumer = consumer;
    }

    @Incoming(CHANNEL)
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) {
        intake.receive(record, consumer, handlers);
    }
}
