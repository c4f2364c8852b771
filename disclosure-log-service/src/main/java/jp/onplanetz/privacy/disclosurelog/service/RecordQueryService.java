package jp.onplanetz.privacy.disclosurelog.service;

import jp.onplanetz.privacy.disclosurelog.ledger.audit.RecordIndex;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.repository.LedgerRepository;
import jp.onplanetz.privacy.disclosurelog.repository.LedgerRepository.StoredRecord;
import jp.onplanetz.privacy.runtime.problem.ProblemException;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Records as their readers get them: the record, where it stands in the ledger, the check of its basis, and its
 * inclusion proof against the log's newest signed checkpoint (APPI Art. 33(5): a subject may see the records
 * about it, and with the proof need not take our word that they are all there unchanged).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RecordQueryService {

    /**
     * How the basis stands: {@code confirmed}, {@code flagged} (it did not stand at the time: see reason),
     * {@code pending} (not checked yet), or {@code not-applicable} (records of data received).
     */
    public record BasisCheckView(String status, String reason, String detail, Instant checkedAt) {
    }

    /**
     * {@code recordText} is the record's exact bytes (what {@code recordSha256} and so the leaf cover); the JSON
     * view gives it parsed as {@code record}, the CSV view as text.
     */
    public record RecordView(UUID recordId, String kind, String logId, long index, Instant recordedAt, boolean redacted,
            JsonNode record, String recordSha256, BasisCheckView basisCheck, LedgerService.InclusionProof inclusionProof,
            @JsonIgnore String recordText) {
    }

    private final LedgerRepository ledger;
    private final LedgerService ledgerService;
    private final ObjectMapper json;

    public RecordQueryService(LedgerRepository ledger, LedgerService ledgerService, ObjectMapper json) {
        this.ledger = ledger;
        this.ledgerService = ledgerService;
        this.json = json;
    }

    public RecordView one(UUID recordId) {
        return views(List.of(ledger.record(recordId).orElseThrow(() -> ProblemException.notFound("record " + recordId))))
                .get(0);
    }

    public List<RecordView> ofSubject(String subjectId) {
        return views(ledger.ofSubject(subjectId));
    }

    public List<RecordView> find(LedgerRepository.RecordFilter filter, int offset, int limit) {
        return views(ledger.find(filter, offset, limit));
    }

    private List<RecordView> views(List<StoredRecord> stored) {
        if (stored.isEmpty()) {
            return List.of();
        }
        Map<UUID, LedgerRepository.BasisCheck> checks = ledger.basisChecks(stored.stream().map(StoredRecord::recordId).toList());
        Map<String, Map<Long, LedgerService.InclusionProof>> proofs = new LinkedHashMap<>();
        stored.stream().collect(Collectors.groupingBy(StoredRecord::logId, LinkedHashMap::new,
                Collectors.mapping(StoredRecord::seq, Collectors.toList())))
                .forEach((log, seqs) -> proofs.put(log, ledgerService.inclusionProofs(log, seqs)));
        List<RecordView> views = new ArrayList<>(stored.size());
        for (StoredRecord r : stored) {
            LedgerRepository.BasisCheck check = checks.get(r.recordId());
            BasisCheckView basis = RecordIndex.RECEIVING.equals(r.kind())
                    ? new BasisCheckView("not-applicable", null, null, null)
                    : check == null ? new BasisCheckView("pending", null, null, null)
                    : new BasisCheckView(check.outcome(), check.reason(), check.detail(), check.checkedAt());
            views.add(new RecordView(r.recordId(), r.kind(), r.logId(), r.seq(), r.recordedAt(), r.redacted(),
                    parse(r.payload()), HexFormat.of().formatHex(r.payloadSha256()), basis,
                    proofs.get(r.logId()).get(r.seq()), r.payload()));
        }
        return views;
    }

    private JsonNode parse(String payload) {
        if (payload == null) {
            return null;
        }
        try {
            return json.readTree(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

}
