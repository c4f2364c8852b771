package jp.onplanetz.privacy.analytics.events;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.service.PolicyInForceService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.EventIntake;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows the policy in force from consent-service's announcements of its versions (the v2 ones, which carry the
 * content). The inbox row and the stored policy commit together; a poison event goes to the dead-letter topic.
 * v1 announces the same versions without their content, and the per-subject notices are not ours to act on.
 */
@ApplicationScoped
public class PolicyEventsConsumer {

    static final String CONSUMER = "analytics-gateway.policy";

    private final EventIntake intake;
    private final EventIntake.Handlers handlers;

    public PolicyEventsConsumer(EventIntake intake, PolicyInForceService policy) {
        this.intake = intake;
        this.handlers = EventIntake.handlers()
                .on(EventCatalogue.POLICY_VERSION_PUBLISHED_V2, (published, event) -> policy.published(published));
    }

    @Incoming("policy-events")
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) {
        intake.receive(record, CONSUMER, handlers);
    }
}
