package jp.onplanetz.privacy.disclosurelog.service.ledger;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.disclosurelog.ledger.LeafHashes;
import jp.onplanetz.privacy.disclosurelog.ledger.MerkleTree;
import jp.onplanetz.privacy.disclosurelog.ledger.SignedCheckpoint;
import jp.onplanetz.privacy.disclosurelog.support.AsOwner;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static jp.onplanetz.privacy.disclosurelog.support.Records.append;
import static jp.onplanetz.privacy.disclosurelog.support.Records.newSubject;
import static jp.onplanetz.privacy.disclosurelog.support.Records.personRelated;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoints grown from the frontier the service kept at the last one sign the same root as the whole tree read
 * from PostgreSQL, and a log whose already-signed leaves were changed gets no new checkpoint while the others do.
 */
@QuarkusTest
class CheckpointServiceTest {

    private static final ServiceDatabases.ServiceDatabase DB = ServiceDatabases.DISCLOSURE_LOG;
    private static final String PROVISIONS = "/api/v1/records/provisions";

    @Inject
    CheckpointService checkpoints;
    @Inject
    LedgerService ledger;

    @Test
    void aCheckpointGrownFromTheKeptFrontierSignsTheRootOfAllTheLogsLeaves() {
        String subject = newSubject();
        String log = ledger.logOf(subject);
        for (int round = 0; round < 4; round++) {
            // Rounds 0 and 2 start from what the service kept; round 3 as a restarted replica, from nothing.
            if (round == 3) {
                checkpoints.forgetFrontiers();
            }
            for (int i = 0; i <= round; i++) {
                append(PROVISIONS, personRelated(subject));
            }
            SignedCheckpoint signed = of(log, checkpoints.signAll()).orElseThrow();
            long size = signed.checkpoint().treeSize();
            assertThat(size).isEqualTo(headOf(log));
            assertThat(signed.checkpoint().rootHashBytes()).as("round %d", round)
                    .isEqualTo(MerkleTree.rootHash(LeafHashes.of(leavesOf(log, size))));
        }
    }

    @Test
    void aLogWhoseSignedLeavesWereChangedIsNotSignedAgainWhileTheOthersAre() throws Exception {
        String subject = newSubject();
        String log = ledger.logOf(subject);
        String other = newSubject();
        while (ledger.logOf(other).equals(log)) {
            other = newSubject();
        }
        append(PROVISIONS, personRelated(subject));
        append(PROVISIONS, personRelated(subject));
        long signedSize = of(log, checkpoints.signAll()).orElseThrow().checkpoint().treeSize();

        byte[] genuine = leafAt(log, signedSize - 2);
        byte[] forged = genuine.clone();
        forged[0] ^= 1;
        setLeaf(log, signedSize - 2, forged);
        try {
            append(PROVISIONS, personRelated(subject));
            append(PROVISIONS, personRelated(other));
            // A replica that kept no frontier reads the log from its start and finds the signed root contradicted.
            checkpoints.forgetFrontiers();
            List<SignedCheckpoint> signed = checkpoints.signAll();

            assertThat(of(log, signed)).isEmpty();
            assertThat(of(ledger.logOf(other), signed)).isPresent();
            assertThat(latestSize(log)).isEqualTo(signedSize);
        } finally {
            setLeaf(log, signedSize - 2, genuine);
        }
        SignedCheckpoint afterRepair = of(log, checkpoints.signAll()).orElseThrow();
        assertThat(afterRepair.checkpoint().treeSize()).isEqualTo(signedSize + 1);
        assertThat(afterRepair.checkpoint().rootHashBytes())
                .isEqualTo(MerkleTree.rootHash(LeafHashes.of(leavesOf(log, signedSize + 1))));
    }

    private static Optional<SignedCheckpoint> of(String log, List<SignedCheckpoint> signed) {
        return signed.stream().filter(c -> c.checkpoint().logId().endsWith("/" + log)).findFirst();
    }

    private static long headOf(String log) {
        return ((Number) ServiceDb.single(DB, "select next_seq from ledger_head where log_id = ?", log)).longValue();
    }

    private static long latestSize(String log) {
        return ((Number) ServiceDb.single(DB, "select max(tree_size) from ledger_checkpoint where log_id = ?", log))
                .longValue();
    }

    private static byte[] leafAt(String log, long seq) {
        return (byte[]) ServiceDb.single(DB, "select leaf_hash from ledger_entry where log_id = ? and seq = ?", log, seq);
    }

    /** Every leaf hash of the log below {@code size}, read here rather than through the service's repository. */
    private static List<byte[]> leavesOf(String log, long size) {
        List<byte[]> leaves = new ArrayList<>();
        try (Connection c = ServiceDb.connect(DB);
                PreparedStatement ps = c.prepareStatement(
                        "select leaf_hash from ledger_entry where log_id = ? and seq < ? order by seq")) {
            ps.setString(1, log);
            ps.setLong(2, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leaves.add(rs.getBytes(1));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(leaves).hasSize(Math.toIntExact(size));
        return leaves;
    }

    /** As the database's owner, past the append-only trigger: what an attacker with the owner's password can do. */
    private static void setLeaf(String log, long seq, byte[] leaf) throws Exception {
        assertThat(AsOwner.pastTriggers(DB, "ledger_entry", "update ledger_entry set leaf_hash = ? where log_id = ? and seq = ?",
                leaf, log, seq)).isEqualTo(1);
    }
}
