package jp.onplanetz.privacy.runtime.testapp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.runtime.outbox.Outbox;

import java.util.UUID;

/** A state change and its event, committed together. */
@ApplicationScoped
@Transactional
public class LedgerService {
    private final EntityManager em;
    private final Outbox outbox;

    public LedgerService(EntityManager em, Outbox outbox) {
        this.em = em;
        this.outbox = outbox;
    }

    public UUID record(String subject, int n, int amount) {
        LedgerEntry e = new LedgerEntry();
        e.id = UUID.randomUUID();
        e.subject = subject;
        e.n = n;
        e.amount = amount;
        em.persist(e);
        outbox.publish(TestEvents.CHANGED, subject, new TestEvents.Changed(e.id.toString(), subject, n, amount));
        return e.id;
    }

    /** A change whose event breaks its schema: the change must roll back with it. */
    public void recordWithInvalidEvent(String subject) {
        LedgerEntry e = new LedgerEntry();
        e.id = UUID.randomUUID();
        e.subject = subject;
        e.n = 0;
        e.amount = 1;
        em.persist(e);
        outbox.publish(TestEvents.CHANGED, subject, new TestEvents.Changed("not-a-uuid", subject, 0, 0));
    }
}
