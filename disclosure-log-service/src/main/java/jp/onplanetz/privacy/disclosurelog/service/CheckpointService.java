package jp.onplanetz.privacy.disclosurelog.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.ledger.Checkpoint;
import jp.onplanetz.privacy.disclosurelog.ledger.LeafHashes;
import jp.onplanetz.privacy.disclosurelog.ledger.MerkleTree;
import jp.onplanetz.privacy.disclosurelog.ledger.SignedCheckpoint;
import jp.onplanetz.privacy.disclosurelog.repository.LedgerRepository;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.time.StoredTime;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signs a checkpoint of every log that grew since its last one, stores it, and publishes it to Kafka through the
 * outbox in the same transaction: a checkpoint in the database is always on its way out of it too.
 * <p>
 * Replicas may run this at once; a per-log lock makes one of them sign and the other find nothing new. The
 * interval bounds how long a record waits for its first inclusion proof.
 */
@ApplicationScoped
public class CheckpointService {

    private final LedgerRepository ledger;
    private final CheckpointKey key;
    private final Outbox outbox;

    public CheckpointService(LedgerRepository ledger, CheckpointKey key, Outbox outbox) {
        this.ledger = ledger;
        this.key = key;
        this.outbox = outbox;
    }

    @Scheduled(every = "${privacyops.disclosure-log.ledger.checkpoint-every:10s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void signGrownLogs() {
        signAll();
    }

    /** Signs every log that grew; returns the new checkpoints. */
    public List<SignedCheckpoint> signAll() {
        List<SignedCheckpoint> signed = new ArrayList<>();
        for (Map.Entry<String, String> log : QuarkusTransaction.requiringNew().call(ledger::origins).entrySet()) {
            QuarkusTransaction.requiringNew().call(() -> sign(log.getKey(), log.getValue())).ifPresent(signed::add);
        }
        return signed;
    }

    private Optional<SignedCheckpoint> sign(String logId, String origin) {
        outbox.lockKey("ledger-checkpoint:" + logId);
        long size = ledger.head(logId).orElseThrow().nextSeq();
        long signedSize = ledger.latestCheckpoint(logId).map(c -> c.checkpoint().treeSize()).orElse(0L);
        if (size <= signedSize) {
            return Optional.empty();
        }
        byte[][] leaves = ledger.leafHashes(logId, size);
        byte[] root = MerkleTree.rootHash(LeafHashes.of(java.util.Arrays.asList(leaves)));
        SignedCheckpoint checkpoint = key.signer().sign(Checkpoint.of(size, root, StoredTime.now().toInstant(), origin));
        ledger.insertCheckpoint(logId, size, root, checkpoint.checkpoint().time(), checkpoint.note());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("logId", logId);
        event.put("origin", origin);
        event.put("treeSize", size);
        event.put("rootHash", HexFormat.of().formatHex(root));
        event.put("signedAt", DateTimeFormatter.ISO_INSTANT.format(checkpoint.checkpoint().time()));
        event.put("keyName", checkpoint.keyName());
        event.put("note", checkpoint.note());
        outbox.publish(EventCatalogue.LEDGER_CHECKPOINT_SIGNED, logId, event);
        return Optional.of(checkpoint);
    }
}
