package jp.onplanetz.privacy.disclosurelog.ledger.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The query columns kept beside a record's bytes, and the rule that they must say what the bytes say. The columns
 * decide who finds a record (its subject's download, the officer's query by recipient and period): changing them
 * would hide a record without touching its bytes, which the hashes alone would never notice.
 * <p>
 * Here rather than in the service because the service and the command-line verifier must apply the same rule.
 */
public final class RecordIndex {

    public static final String PROVISION = "provision";
    public static final String RECEIVING = "receiving";

    /** Only reads trees; an ObjectMapper is thread-safe for that. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The columns as stored in {@code ledger_payload}. */
    public record Columns(String kind, String subjectId, String counterparty, LocalDate firstDay, LocalDate lastDay,
            String logId, long seq) {
    }

    private RecordIndex() {
    }

    /**
     * Whom the record is with: the recipient's code for a provision, the provider's name for data received. It is
     * the column an officer queries by ("every record with recipient X").
     */
    public static String counterparty(JsonNode record) {
        return PROVISION.equals(record.path("kind").asText())
                ? record.path("recipient").path("code").asText()
                : record.path("provider").path("name").asText();
    }

    /**
     * Compares a record's bytes with its columns.
     *
     * @param logId the log the entry is in, and {@code seq} its index there: the columns must point back to it
     * @return null when they agree, else which columns differ
     */
    public static String mismatch(String payload, Columns columns, String logId, long seq) {
        JsonNode record;
        try {
            record = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            return "the record's bytes are not JSON";
        }
        List<String> differ = new ArrayList<>();
        if (!columns.kind().equals(record.path("kind").asText())) {
            differ.add("kind");
        }
        if (!columns.subjectId().equals(record.path("subject").path("id").asText())) {
            differ.add("subject_id");
        }
        if (!columns.counterparty().equals(counterparty(record))) {
            differ.add("counterparty");
        }
        if (!columns.firstDay().toString().equals(record.path("period").path("firstDay").asText())) {
            differ.add("first_day");
        }
        if (!columns.lastDay().toString().equals(record.path("period").path("lastDay").asText())) {
            differ.add("last_day");
        }
        if (!columns.logId().equals(logId) || columns.seq() != seq) {
            differ.add("log_id/seq");
        }
        return differ.isEmpty() ? null : "the record's query columns " + differ + " no longer say what its bytes say";
    }
}
