package jp.onplanetz.privacy.runtime.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Remembers which events a consumer has applied, in the same transaction as their effect. Delivery is at
 * least once (the relay may resend, Kafka may redeliver after a rebalance); with this check an event's
 * effect happens exactly once: a redelivery finds its id and changes nothing.
 */
@ApplicationScoped
public class Inbox {

    private final EntityManager em;

    public Inbox(EntityManager em) {
        this.em = em;
    }

    /**
     * Records the event as applied by {@code consumer}.
     *
     * @return true the first time; false if it was applied before (the caller then does nothing)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId, String type) {
        // One statement, no read-then-write race: two deliveries of one event in parallel cannot both win.
        int inserted = em.createNativeQuery("""
                insert into inbox_message (consumer, event_id, ce_type) values (?1, ?2, ?3)
                on conflict (consumer, event_id) do nothing""")
                .setParameter(1, consumer).setParameter(2, eventId).setParameter(3, type)
                .executeUpdate();
        return inserted == 1;
    }
}
