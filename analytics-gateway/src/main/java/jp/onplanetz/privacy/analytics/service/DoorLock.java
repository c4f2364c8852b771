package jp.onplanetz.privacy.analytics.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.runtime.outbox.Outbox;

/**
 * The one lock that keeps the door and a person's erasure or retraction apart.
 * <p>
 * Without it an event could slip past an erasure: the door checks for a block (none yet), the erasure deletes the
 * person's committed events and records the block, then the door commits its event, which the delete never saw.
 * So every door transaction holds this lock shared until it ends, and an erasure or a retraction of counts takes
 * it exclusively: it waits for the events already at the door to commit (and then deletes or uncounts them), and
 * doors arriving meanwhile wait for it and then see its result. Doors never wait for each other. One lock for all
 * people rather than one per person: an erasure is rare and short, and a door batch then takes one lock instead of
 * one per person it carries.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DoorLock {

    static final String KEY = "analytics-gateway.door";

    private final Outbox outbox;

    public DoorLock(Outbox outbox) {
        this.outbox = outbox;
    }

    /** For the door: waits for an erasure or retraction in progress, and holds off new ones until this transaction ends. */
    public void shared() {
        outbox.lockKeyShared(KEY);
    }

    /** For an erasure or a retraction: waits for the door transactions in progress, and holds off new ones. */
    public void exclusive() {
        outbox.lockKey(KEY);
    }
}
