package jp.onplanetz.privacy.analytics.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.ErasureBlock;
import jp.onplanetz.privacy.analytics.repository.ErasureBlockRepository;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The people whose events were erased on their request. The door drops their later events ({@link IngestService});
 * {@link DoorLock} keeps an erasure and the door apart.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ErasureBlockService {

    private final ErasureBlockRepository blocks;
    private final DoorLock doorLock;

    public ErasureBlockService(ErasureBlockRepository blocks, DoorLock doorLock) {
        this.blocks = blocks;
        this.doorLock = doorLock;
    }

    /** {@link #blockedSince(String)} for many people in one query; only those ever erased are in the map. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, OffsetDateTime> blockedSince(Collection<String> consentSubjects) {
        return blocks.blockedSince(consentSubjects);
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
        doorLock.exclusive();
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
