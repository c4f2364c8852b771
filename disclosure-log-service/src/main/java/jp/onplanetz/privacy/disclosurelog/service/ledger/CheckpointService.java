package jp.onplanetz.privacy.disclosurelog.service.ledger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.ledger.Checkpoint;
import jp.onplanetz.privacy.disclosurelog.ledger.MerkleFrontier;
import jp.onplanetz.privacy.disclosurelog.ledger.SignedCheckpoint;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.payload.LedgerCheckpointSigned;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs a checkpoint of every log that grew since its last one, stores it, and publishes it to Kafka through the
 * outbox in the same transaction: a checkpoint in the database is always on its way out of it too.
 * <p>
 * Replicas may run this at once; a per-log lock makes one of them sign and the other find nothing new. The
 * interval bounds how long a record waits for its first inclusion proof.
 * <p>
 * A checkpoint's root is computed from the previous one's: the replica keeps each log's {@link MerkleFrontier} (some
 * thirty hashes) and reads only the leaves added since, so a pass costs what the logs grew, not what they hold. A
 * replica without that frontier (just started, or another replica signed last) reads the log's leaves from the
 * start once. Either way the new tree must pass through the root already signed, or the log is not signed again.
 */
@ApplicationScoped
public class CheckpointService {

    private static final Logger LOG = Logger.getLogger(CheckpointService.class);

    private final LedgerRepository ledger;
    private final CheckpointKey key;
    private final Outbox outbox;
    /** Per log, the right edge of the tree at the last checkpoint this replica signed (committed ones only). */
    private final Map<String, MerkleFrontier> signedFrontiers = new ConcurrentHashMap<>();

    public CheckpointService(LedgerRepository ledger, CheckpointKey key, Outbox outbox) {
        this.ledger = ledger;
        this.key = key;
        this.outbox = outbox;
    }

    @Scheduled(every = "${privacyops.disclosure-log.ledger.checkpoint-every}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void signGrownLogs() {
        signAll();
    }

    /** As a restarted replica: the next checkpoint of every log is computed from all of its stored leaves. */
    void forgetFrontiers() {
        signedFrontiers.clear();
    }

    /** Signs every log that grew; returns the new checkpoints (a log that could not be signed is logged, skipped). */
    public List<SignedCheckpoint> signAll() {
        List<SignedCheckpoint> signed = new ArrayList<>();
        for (Map.Entry<String, String> log : QuarkusTransaction.requiringNew().call(ledger::origins).entrySet()) {
            String logId = log.getKey();
            Optional<Signed> result;
            try {
                result = QuarkusTransaction.requiringNew().call(() -> sign(logId, log.getValue()));
            } catch (RuntimeException e) {
                // One log's trouble must not hold back the others' checkpoints. What this replica knew of the log
                // is forgotten: the next pass starts again from the stored entries.
                signedFrontiers.remove(logId);
                LOG.errorf(e, "no checkpoint signed for log %s", logId);
                continue;
            }
            // Kept only once committed: a rolled-back checkpoint must not become the base of the next one.
            result.ifPresent(s -> {
                signedFrontiers.put(logId, s.frontier());
                signed.add(s.checkpoint());
            });
        }
        return signed;
    }

    private record Signed(SignedCheckpoint checkpoint, MerkleFrontier frontier) {
    }

    private Optional<Signed> sign(String logId, String origin) {
        outbox.lockKey("ledger-checkpoint:" + logId);
        long size = ledger.head(logId).orElseThrow().nextSeq();
        Optional<SignedCheckpoint> latest = ledger.latestCheckpoint(logId);
        long signedSize = latest.map(c -> c.checkpoint().treeSize()).orElse(0L);
        if (size <= signedSize) {
            return Optional.empty();
        }
        MerkleFrontier frontier = extendedFrom(logId, latest, size);
        byte[] root = frontier.root();
        SignedCheckpoint checkpoint = key.signer().sign(Checkpoint.of(size, root, DatabaseClock.now().toInstant(), origin));
        ledger.insertCheckpoint(logId, size, root, checkpoint.checkpoint().time(), checkpoint.note());
        LedgerCheckpointSigned event = new LedgerCheckpointSigned(logId, origin, size, HexFormat.of().formatHex(root),
                checkpoint.checkpoint().time(), checkpoint.keyName(), checkpoint.note());
        outbox.publish(EventCatalogue.LEDGER_CHECKPOINT_SIGNED, logId, event);
        return Optional.of(new Signed(checkpoint, frontier));
    }

    /**
     * The tree of the log's first {@code size} leaves, grown from the frontier this replica kept at its last
     * checkpoint (reading only the leaves added since), or from nothing when it kept none or another replica has
     * signed since. Either way the tree must pass through the latest signed root: a log whose stored leaves no
     * longer give the root already signed over them has been changed, and gets no new signature (the verifier
     * names the change).
     */
    private MerkleFrontier extendedFrom(String logId, Optional<SignedCheckpoint> latest, long size) {
        long signedSize = latest.map(c -> c.checkpoint().treeSize()).orElse(0L);
        MerkleFrontier kept = signedFrontiers.get(logId);
        MerkleFrontier frontier = kept != null && kept.size() <= signedSize ? kept.copy() : new MerkleFrontier();
        if (frontier.size() < signedSize) {
            append(frontier, ledger.leafHashes(logId, frontier.size(), signedSize));
        }
        if (latest.isPresent() && !Arrays.equals(frontier.root(), latest.get().checkpoint().rootHashBytes())) {
            throw new IllegalStateException("log " + logId + ": its first " + signedSize
                    + " entries no longer hash to the root signed over them; it gets no new checkpoint until they do"
                    + " again (the verifier names the changed entry)");
        }
        append(frontier, ledger.leafHashes(logId, signedSize, size));
        return frontier;
    }

    private static void append(MerkleFrontier frontier, byte[][] leaves) {
        for (byte[] leaf : leaves) {
            frontier.append(leaf);
        }
    }
}
