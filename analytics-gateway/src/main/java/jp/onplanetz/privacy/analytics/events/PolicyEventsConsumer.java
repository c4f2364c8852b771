package jp.onplanetz.privacy.analytics.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.service.PolicyInForceService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.Inbox;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows the policy in force from consent-service's announcements of its versions (the v2 ones, which carry the
 * content). The inbox row and the stored policy commit together; a poison event goes to the dead-letter topic.
 */
@ApplicationScoped
public class PolicyEventsConsumer {

    static final String CONSUMER = "analytics-gateway.policy";

    private final Inbox inbox;
    private final PolicyInForceService policy;
    private final ObjectMapper json;

    public PolicyEventsConsumer(Inbox inbox, PolicyInForceService policy, ObjectMapper json) {
        this.inbox = inbox;
        this.policy = policy;
        this.json = json;
    }

    @Incoming("policy-events")
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) throws Exception {
        ReceivedEvent event = ReceivedEvent.of(record);
        if (!inbox.firstDelivery(CONSUMER, event.id(), event.type())) {
            return;
        }
        if (event.is(EventCatalogue.POLICY_VERSION_PUBLISHED_V2)) {
            policy.published(json.readTree(event.payload()));
        }
        // v1 announces the same versions without their content, and the per-subject notices are not ours to act on
    }
}
