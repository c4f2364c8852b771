package jp.onplanetz.privacy.disclosurelog.service.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.config.DisclosureLogConfig;
import jp.onplanetz.privacy.disclosurelog.ledger.EntryHeader;
import jp.onplanetz.privacy.disclosurelog.ledger.HashChain;
import jp.onplanetz.privacy.disclosurelog.ledger.LeafHashes;
import jp.onplanetz.privacy.disclosurelog.ledger.MerkleTree;
import jp.onplanetz.privacy.disclosurelog.ledger.SignedCheckpoint;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository.Head;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository.NewEntry;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Appends records to the ledger and answers proofs about it. A record goes to the log of its data subject; each
 * append locks the heads of the logs it touches, takes the next indexes, hashes and links, and writes entries,
 * records and heads in the caller's transaction: all of a batch, or none of it.
 */
@ApplicationScoped
public class LedgerService {

    /** A record ready for the ledger: {@code body} is the record as the law asks for it, without the ledger's own fields. */
    public record Draft(UUID recordId, String kind, String subjectId, String counterparty, LocalDate firstDay,
            LocalDate lastDay, LocalDate retainUntil, Map<String, Object> body) {
    }

    /** Where a record went; {@code replayed} when a repeated request found it rather than made it. */
    public record Appended(UUID recordId, String logId, long seq, Instant recordedAt, boolean replayed) {
    }

    /** An inclusion proof against a signed checkpoint, with everything a reader needs to check it alone. */
    public record InclusionProof(String logId, long leafIndex, long treeSize, String leafHash, List<String> path,
            String checkpoint) {
    }

    public record ConsistencyProof(String logId, long firstSize, long secondSize, List<String> path, String firstCheckpoint,
            String secondCheckpoint) {
    }

    private final LedgerRepository ledger;
    private final DisclosureLogConfig config;
    private final ObjectMapper json;

    public LedgerService(LedgerRepository ledger, DisclosureLogConfig config, ObjectMapper json) {
        this.ledger = ledger;
        this.config = config;
        this.json = json;
    }

    /** Every log exists from the start, so that an append only ever locks a head and never creates one. */
    void createLogs(@Observes StartupEvent start) {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            for (int n = 0; n < config.ledger().logs(); n++) {
                String id = logId(n);
                ledger.ensureLog(id, config.ledger().originPrefix() + "/" + id, now, HashChain.genesis());
            }
        });
    }

    /** The log of a subject: by SHA-256 of its id, so the spread is even and the same on every replica. */
    public String logOf(String subjectId) {
        byte[] h = EntryHeader.payloadSha256(subjectId);
        int bucket = Math.floorMod(((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff),
                config.ledger().logs());
        return logId(bucket);
    }

    private static String logId(int n) {
        // shard-00, shard-01, ...: String.format's parsing showed up on the append path.
        return n < 10 ? "shard-0" + n : "shard-" + n;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Appended> append(List<Draft> drafts) {
        Instant recordedAt = DatabaseClock.now().toInstant();
        Map<String, Head> heads = ledger.lockHeads(new TreeSet<>(drafts.stream().map(d -> logOf(d.subjectId())).toList()));
        List<NewEntry> entries = new ArrayList<>(drafts.size());
        List<Appended> appended = new ArrayList<>(drafts.size());
        for (Draft d : drafts) {
            String logId = logOf(d.subjectId());
            Head head = heads.get(logId);
            if (head == null) {
                throw new IllegalStateException("log " + logId + " does not exist");
            }
            long seq = head.nextSeq();
            Map<String, Object> body = new LinkedHashMap<>(d.body());
            body.put("recordedAt", DateTimeFormatter.ISO_INSTANT.format(recordedAt));
            body.put("retainUntil", d.retainUntil().toString());
            String payload = serialize(body);
            byte[] payloadHash = EntryHeader.payloadSha256(payload);
            byte[] leaf = new EntryHeader(logId, seq, d.recordId(), d.kind(), recordedAt, d.retainUntil(), payloadHash)
                    .leafHash();
            byte[] link = HashChain.link(head.lastLink(), leaf);
            entries.add(new NewEntry(logId, seq, d.recordId(), d.kind(), recordedAt, payloadHash, leaf, link, d.subjectId(),
                    d.counterparty(), d.firstDay(), d.lastDay(), d.retainUntil(), payload));
            heads.put(logId, new Head(logId, seq + 1, link));
            appended.add(new Appended(d.recordId(), logId, seq, recordedAt, false));
        }
        ledger.append(entries, heads.values());
        return appended;
    }

    /** A log as it is published: its origin line, how many entries it holds and its newest signed checkpoint. */
    public record LogSummary(String logId, String origin, long size, Optional<SignedCheckpoint> latestCheckpoint) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<LogSummary> logs() {
        return ledger.origins().entrySet().stream().map(e -> new LogSummary(e.getKey(), e.getValue(),
                ledger.head(e.getKey()).map(Head::nextSeq).orElse(0L), ledger.latestCheckpoint(e.getKey()))).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean exists(String logId) {
        return ledger.head(logId).isPresent();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<SignedCheckpoint> latestCheckpoint(String logId) {
        return ledger.latestCheckpoint(logId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<SignedCheckpoint> checkpoint(String logId, long treeSize) {
        return ledger.checkpoint(logId, treeSize);
    }

    /** The inclusion proof of a log entry against the log's newest signed checkpoint; empty until one covers it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<InclusionProof> inclusionProof(String logId, long seq) {
        Optional<SignedCheckpoint> latest = ledger.latestCheckpoint(logId);
        if (latest.isEmpty() || latest.get().checkpoint().treeSize() <= seq) {
            return Optional.empty();
        }
        return Optional.of(inclusionProof(logId, seq, latest.get(), leaves(logId, latest.get().checkpoint().treeSize())));
    }

    /**
     * Proofs of many entries of one log against its newest checkpoint, reading the log's leaves once. Entries the
     * checkpoint does not cover yet have none.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Long, InclusionProof> inclusionProofs(String logId, List<Long> seqs) {
        Map<Long, InclusionProof> proofs = new LinkedHashMap<>();
        Optional<SignedCheckpoint> latest = ledger.latestCheckpoint(logId);
        if (latest.isEmpty()) {
            return proofs;
        }
        long size = latest.get().checkpoint().treeSize();
        LeafHashes leaves = null;
        for (long seq : seqs) {
            if (seq < size) {
                leaves = leaves == null ? leaves(logId, size) : leaves;
                proofs.put(seq, inclusionProof(logId, seq, latest.get(), leaves));
            }
        }
        return proofs;
    }

    /** An inclusion proof against the checkpoint of {@code treeSize}, which must exist. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public InclusionProof inclusionProof(String logId, long seq, long treeSize) {
        SignedCheckpoint checkpoint = ledger.checkpoint(logId, treeSize).orElseThrow(() -> ProblemException.notFound(
                "checkpoint of size " + treeSize + " of log " + logId));
        if (seq < 0 || seq >= treeSize) {
            throw ProblemException.invalidField("index", "must be at least 0 and below the tree size " + treeSize);
        }
        return inclusionProof(logId, seq, checkpoint, leaves(logId, treeSize));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ConsistencyProof consistencyProof(String logId, long first, long second) {
        if (first < 0 || first > second) {
            throw ProblemException.invalidField("first", "must be at least 0 and at most the second size " + second);
        }
        SignedCheckpoint a = ledger.checkpoint(logId, first).orElseThrow(() -> ProblemException.notFound(
                "checkpoint of size " + first + " of log " + logId));
        SignedCheckpoint b = ledger.checkpoint(logId, second).orElseThrow(() -> ProblemException.notFound(
                "checkpoint of size " + second + " of log " + logId));
        List<byte[]> path = MerkleTree.consistencyProof(leaves(logId, second), first, second);
        return new ConsistencyProof(logId, first, second, hex(path), a.note(), b.note());
    }

    private InclusionProof inclusionProof(String logId, long seq, SignedCheckpoint checkpoint, LeafHashes leaves) {
        long size = checkpoint.checkpoint().treeSize();
        List<byte[]> path = MerkleTree.inclusionProof(leaves, seq, size);
        return new InclusionProof(logId, seq, size, HexFormat.of().formatHex(leaves.get(seq)), hex(path), checkpoint.note());
    }

    private LeafHashes leaves(String logId, long treeSize) {
        return LeafHashes.of(Arrays.asList(ledger.leafHashes(logId, treeSize)));
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HexFormat.of()::formatHex).toList();
    }

    private String serialize(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("record is not serialisable", e);
        }
    }
}
