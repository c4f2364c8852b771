package jp.onplanetz.privacy.analytics.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.persistence.EntityManager;
import jp.onplanetz.privacy.analytics.ErasureBlock;
import jp.onplanetz.privacy.analytics.repository.ErasureBlockRepository;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.UUID;

/**
 * The people whose events were erased on their request, and the lock that keeps an erasure and the door apart.
 * <p>
 * Without the lock an event could slip past an erasure: the door checks for a block (none yet), the erasure
 * deletes the person's committed events and records the block, then the door commits its event, which the delete
 * never saw. So the door holds the person's lock shared until its transaction ends, and an erasure takes it
 * exclusively before it records the block and deletes: it waits for the events already at the door to commit
 * (and then deletes them), and events arriving meanwhile wait for it and then find the block. Doors never wait
 * for each other.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ErasureBlockService {

    private static final String LOCK_PREFIX = "analytics-gateway.erasure:";

    private final ErasureBlockRepository blocks;
    private final EntityManager em;
    private final Outbox outbox;

    public ErasureBlockService(ErasureBlockRepository blocks, Outbox outbox, EntityManager em) {
        this.blocks = blocks;
        this.em = em;
        this.outbox = outbox;
    }

    /**
     * For the door, before it decides on an event about {@code consentSubject}: waits for an erasure of that
     * person in progress, and holds off a new one until this transaction ends.
     */
    public void holdOffErasure(String consentSubject) {
        outbox.lockKeyShared(LOCK_PREFIX + consentSubject);
    }

    /**
     * {@link #holdOffErasure} for a batch's people, in one statement: the same shared locks (the same keys as
     * {@code Outbox.lockKeyShared} hashes), taken in a fixed order.
     */
    public void holdOffErasures(Collection<String> consentSubjects) {
        if (consentSubjects.isEmpty()) {
            return;
        }
        // the ids passed validation at the door: no control characters, so a newline separates them safely
        String keys = consentSubjects.stream().sorted().map(s -> LOCK_PREFIX + s).collect(Collectors.joining("\n"));
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock_shared(hashtextextended(k, 0))"
                + " from unnest(string_to_array(?1, chr(10))) as k order by k) as held").setParameter(1, keys)
                .getSingleResult();
    }

    /** {@link #blockedSince(String)} for many people in one query; only those ever erased are in the map. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, OffsetDateTime> blockedSince(Collection<String> consentSubjects) {
        if (consentSubjects.isEmpty()) {
            return Map.of();
        }
        return blocks.<ErasureBlock>list("subjectId in ?1", consentSubjects).stream()
                .collect(Collectors.toMap(b -> b.subjectId, b -> b.blockedAt));
    }

    /** When the person's latest block was recorded; empty when they never had their events erased. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<OffsetDateTime> blockedSince(String consentSubject) {
        return blocks.findByIdOptional(consentSubject).map(b -> b.blockedAt);
    }

    /**
     * Records (or moves forward) the person's block, after the events at the door have committed; call it before
     * deleting their events, so that the delete sees every one of them.
     *
     * @return the block's time: only consents granted after it count again
     */
    public OffsetDateTime block(String subjectId, UUID requestId, String requestType) {
        outbox.lockKey(LOCK_PREFIX + subjectId);
        ErasureBlock block = blocks.findByIdOptional(subjectId).orElseGet(ErasureBlock::new);
        block.subjectId = subjectId;
        // a second request after a fresh consent blocks again from now: the consent it follows no longer counts
        block.blockedAt = DatabaseClock.now();
        block.requestId = requestId;
        block.requestType = requestType;
        blocks.persist(block);
        return block.blockedAt;
    }
}
