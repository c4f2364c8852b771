package jp.onplanetz.privacy.disclosurelog.rest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jp.onplanetz.privacy.disclosurelog.service.ledger.LedgerService;
import jp.onplanetz.privacy.disclosurelog.service.records.RecordQueryService.RecordView;
import jp.onplanetz.privacy.runtime.csv.CsvTable;
import jp.onplanetz.privacy.runtime.web.Downloads;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Records as CSV (written by {@link CsvTable}: RFC 4180, no cell a spreadsheet would run), for people who open them
 * in a spreadsheet: one row per record with the facts the law asks for, the subject's requests to delete or to stop
 * (and whether the record is of a provision made after one), and the proof columns that let anyone check the row's
 * record is in the signed log.
 */
final class RecordCsv {

    /** A regulator's export is read by people: beyond this, narrow the query. */
    static final int EXPORT_LIMIT = 100_000;

    static final List<String> HEADER = List.of("recordId", "kind", "recordedAt", "firstDay", "lastDay", "subjectId",
            "counterparty", "counterpartyAddress", "counterpartyRepresentative", "items", "purpose", "basisType",
            "consentId", "basisCheck", "basisCheckReason", "redacted", "subjectRequests", "providedAfterRequestToStop",
            "logId", "index", "leafHash", "treeSize", "inclusionPath", "checkpoint", "record");

    private RecordCsv() {
    }

    /** JSON unless the caller prefers CSV. */
    static Response respond(List<RecordView> views, HttpHeaders headers, String fileName) {
        return Downloads.jsonOrCsv(headers, views, () -> write(views), fileName);
    }

    static String write(List<RecordView> views) {
        CsvTable table = new CsvTable(HEADER);
        for (RecordView v : views) {
            JsonNode r = v.record();
            boolean provision = "provision".equals(v.kind());
            JsonNode party = r == null ? null : provision ? r.path("recipient") : r.path("provider");
            LedgerService.InclusionProof proof = v.inclusionProof();
            List<String> cells = new ArrayList<>();
            cells.add(v.recordId().toString());
            cells.add(v.kind());
            cells.add(v.recordedAt().toString());
            cells.add(r == null ? "" : r.path("period").path("firstDay").asText());
            cells.add(r == null ? "" : r.path("period").path("lastDay").asText());
            cells.add(r == null ? "" : r.path("subject").path("id").asText());
            cells.add(party == null ? "" : provision ? party.path("name").asText(party.path("code").asText()) : party.path("name").asText());
            cells.add(party == null ? "" : party.path("address").asText(""));
            cells.add(party == null ? "" : party.path("representative").asText(""));
            cells.add(r == null ? "" : stream(r.path("items")));
            cells.add(r == null ? "" : r.path("purpose").asText(""));
            cells.add(r == null ? "" : provision ? r.path("basis").path("type").asText("") : "consent");
            cells.add(r == null ? "" : r.path("basis").path("consentId").asText(""));
            cells.add(v.basisCheck().status());
            cells.add(v.basisCheck().reason() == null ? "" : v.basisCheck().reason());
            cells.add(Boolean.toString(v.redacted()));
            cells.add(requests(v));
            cells.add(Boolean.toString(v.providedAfterRequestToStop()));
            cells.add(v.logId());
            cells.add(Long.toString(v.index()));
            cells.add(proof == null ? "" : proof.leafHash());
            cells.add(proof == null ? "" : Long.toString(proof.treeSize()));
            cells.add(proof == null ? "" : String.join(" ", proof.path()));
            cells.add(proof == null ? "" : proof.checkpoint());
            // The exact bytes hashed: with them a reader recomputes the leaf without trusting any column above.
            cells.add(v.recordText() == null ? "" : v.recordText());
            table.row(cells);
        }
        return table.write();
    }

    /** The subject's requests to delete or to stop, oldest first: "requestType requestId markedAt", by ";". */
    private static String requests(RecordView v) {
        return v.subjectRequests().stream().map(m -> m.requestType() + " " + m.requestId() + " " + m.markedAt())
                .collect(Collectors.joining(";"));
    }

    private static String stream(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(i -> items.add(i.asText()));
        return String.join(";", items);
    }
}
