package jp.onplanetz.privacy.disclosurelog.service.records;

import jp.onplanetz.privacy.disclosurelog.RecordFilter;
import jp.onplanetz.privacy.disclosurelog.service.ledger.LedgerService;
import jp.onplanetz.privacy.disclosurelog.ledger.audit.RecordIndex;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.SubjectRequestMark;
import jp.onplanetz.privacy.disclosurelog.config.DisclosureLogConfig;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository.StoredRecord;
import jp.onplanetz.privacy.disclosurelog.repository.requests.SubjectRequestMarkRepository;
import jp.onplanetz.privacy.runtime.problem.ProblemException;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
     * A request of the record's subject to delete their data or to stop its use or provision, which the record is
     * kept in spite of (see {@link SubjectRequestMark}). {@code markedBeforeRecord}: the request was made before this
     * record was; {@code concernsRecord}: the request reaches what the record is about (a cessation of provision
     * names recipients, a cessation of use purposes; a deletion reaches every record).
     */
    public record SubjectRequestView(UUID requestId, String requestType, List<String> purposes, List<String> recipients,
            Instant markedAt, boolean markedBeforeRecord, boolean concernsRecord) {
    }

    /**
     * {@code recordText} is the record's exact bytes (what {@code recordSha256} and so the leaf cover); the JSON
     * view gives it parsed as {@code record}, the CSV view as text. {@code subjectRequests} are the requests to
     * delete or to stop that the subject made, oldest first; {@code providedAfterRequestToStop} is the warning
     * sign that data was provided after such a request reaching it (see {@link #providedAfter}).
     */
    public record RecordView(UUID recordId, String kind, String logId, long index, Instant recordedAt, boolean redacted,
            JsonNode record, String recordSha256, BasisCheckView basisCheck, List<SubjectRequestView> subjectRequests,
            boolean providedAfterRequestToStop, LedgerService.InclusionProof inclusionProof,
            @JsonIgnore String recordText) {
    }

    private final LedgerRepository ledger;
    private final LedgerService ledgerService;
    private final SubjectRequestMarkRepository marks;
    private final ZoneId zone;
    private final ObjectMapper json;

    public RecordQueryService(LedgerRepository ledger, LedgerService ledgerService, SubjectRequestMarkRepository marks,
            DisclosureLogConfig config, ObjectMapper json) {
        this.ledger = ledger;
        this.ledgerService = ledgerService;
        this.marks = marks;
        this.zone = config.zone();
        this.json = json;
    }

    public RecordView one(UUID recordId) {
        return views(List.of(ledger.record(recordId).orElseThrow(() -> ProblemException.notFound("record " + recordId))))
                .get(0);
    }

    public List<RecordView> ofSubject(String subjectId) {
        return views(ledger.ofSubject(subjectId));
    }

    public List<RecordView> find(RecordFilter filter, int offset, int limit) {
        return views(ledger.find(filter, offset, limit));
    }

    private List<RecordView> views(List<StoredRecord> stored) {
        if (stored.isEmpty()) {
            return List.of();
        }
        Map<UUID, LedgerRepository.BasisCheck> checks = ledger.basisChecks(stored.stream().map(StoredRecord::recordId).toList());
        // the marks of every subject on the page in one query (a redacted record has no subject any more)
        Map<String, List<SubjectRequestMark>> marksBySubject = marks.ofSubjects(
                stored.stream().map(StoredRecord::subjectId).filter(Objects::nonNull).collect(Collectors.toSet()));
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
            JsonNode record = parse(r.payload());
            List<SubjectRequestView> requests = r.subjectId() == null ? List.of()
                    : marksBySubject.getOrDefault(r.subjectId(), List.of()).stream()
                            .map(m -> requestView(m, r.kind(), r.recordedAt(), record)).toList();
            boolean warning = RecordIndex.PROVISION.equals(r.kind()) && record != null
                    && marksBySubject.getOrDefault(r.subjectId(), List.of()).stream()
                            .anyMatch(m -> providedAfter(m, r.recordedAt(), record, zone));
            views.add(new RecordView(r.recordId(), r.kind(), r.logId(), r.seq(), r.recordedAt(), r.redacted(),
                    record, HexFormat.of().formatHex(r.payloadSha256()), basis, requests, warning,
                    proofs.get(r.logId()).get(r.seq()), r.payload()));
        }
        return views;
    }

    private static SubjectRequestView requestView(SubjectRequestMark m, String kind, Instant recordedAt,
            JsonNode record) {
        return new SubjectRequestView(m.requestId(), m.requestType(), m.purposes(), m.recipients(), m.markedAt(),
                m.markedAt().isBefore(recordedAt), concerns(m, kind, record));
    }

    /**
     * Whether the request reaches the record: a provision by its recipient and purpose; a record of data received
     * by a deletion or a cessation of use (its use), never by a cessation of provision (nothing was provided).
     */
    static boolean concerns(SubjectRequestMark m, String kind, JsonNode record) {
        if (!RecordIndex.PROVISION.equals(kind)) {
            return !SubjectRequestMark.CESSATION_OF_PROVISION.equals(m.requestType());
        }
        return record == null || m.reaches(text(record.path("recipient").path("code")), text(record.path("purpose")));
    }

    /**
     * The warning sign of a provision made after the subject asked us to delete or to stop: a request reaching the
     * provision was marked before its record was made, and the provision did not end before the request either.
     * When it ended is {@code providedAt} for a provision of one day that has it; otherwise (continuous or bulk
     * provision, or no time given) its last day, in the register's calendar, where a provision on the day of the
     * request counts, since the day alone cannot tell. A provision made before the request but reported after it
     * is not flagged; its mark still says {@code markedBeforeRecord}.
     */
    static boolean providedAfter(SubjectRequestMark m, Instant recordedAt, JsonNode record, ZoneId zone) {
        if (!m.markedAt().isBefore(recordedAt) || !concerns(m, RecordIndex.PROVISION, record)) {
            return false;
        }
        String firstDay = text(record.path("period").path("firstDay"));
        String lastDay = text(record.path("period").path("lastDay"));
        String providedAt = text(record.path("providedAt"));
        if (providedAt != null && firstDay != null && firstDay.equals(lastDay)) {
            try {
                return Instant.parse(providedAt).isAfter(m.markedAt());
            } catch (DateTimeParseException e) {
                // not a time this service wrote: judged by the day
            }
        }
        return lastDay == null || !LocalDate.parse(lastDay).isBefore(LocalDate.ofInstant(m.markedAt(), zone));
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
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
