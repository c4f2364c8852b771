package jp.onplanetz.privacy.runtime.testapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.runtime.inbox.Inbox;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A consumer applying each event once: the inbox row and the effect commit together. */
@ApplicationScoped
public class LedgerProjection {
    private final EntityManager em;
    private final Inbox inbox;
    private final ObjectMapper json;

    public LedgerProjection(EntityManager em, Inbox inbox, ObjectMapper json) {
        this.em = em;
        this.inbox = inbox;
        this.json = json;
    }

    @Incoming("ledger-in")
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) throws Exception {
        ReceivedEvent event = ReceivedEvent.of(record, TestEvents::byType);
        if (!inbox.firstDelivery("platform-test-ledger", event.id(), event.type())) {
            return;
        }
        JsonNode data = json.readTree(event.payload());
        em.createNativeQuery("insert into test_applied_event (event_id, subject, n) values (?1, ?2, ?3)")
                .setParameter(1, event.id()).setParameter(2, data.get("subjectId").asText())
                .setParameter(3, data.get("n").asInt()).executeUpdate();
    }
}
