package jp.onplanetz.privacy.runtime.testapp;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.runtime.inbox.EventIntake;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A consumer applying each event once: the inbox row and the effect commit together. */
@ApplicationScoped
public class LedgerProjection {

    static final String CONSUMER = "platform-test-ledger";

    private final EntityManager em;
    private final EventIntake intake;
    private final EventIntake.Handlers handlers = EventIntake.handlers(TestEvents::byType)
            .on(TestEvents.CHANGED, this::changed);

    public LedgerProjection(EntityManager em, EventIntake intake) {
        this.em = em;
        this.intake = intake;
    }

    @Incoming("ledger-in")
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) {
        intake.receive(record, CONSUMER, handlers);
    }

    private void changed(TestEvents.Changed change, ReceivedEvent event) {
        if (change.n() < 0) {
            // the schema allows it; the ledger's own rule does not
            throw new IllegalArgumentException("n counts from 0");
        }
        em.createNativeQuery("insert into test_applied_event (event_id, subject, n) values (?1, ?2, ?3)")
                .setParameter(1, event.id()).setParameter(2, change.subjectId())
                .setParameter(3, change.n()).executeUpdate();
    }
}
