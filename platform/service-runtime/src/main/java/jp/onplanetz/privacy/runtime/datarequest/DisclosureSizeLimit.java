package jp.onplanetz.privacy.runtime.datarequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;

/**
 * The byte cap on one disclosure's answer ({@link DataRequestsConfig#disclosureMaxBytes()}), counted while a holder
 * fills it: an answer is one Kafka record, so a holder lists the subject's items newest first while their JSON fits and
 * says in its detail how many it left out. Counted as the answer will be written (UTF-8 JSON, a comma between items).
 * One per answer: it remembers what was taken.
 */
public final class DisclosureSizeLimit {

    private final ObjectMapper json;
    private long left;

    public DisclosureSizeLimit(ObjectMapper json, long maxBytes) {
        this.json = json;
        this.left = maxBytes;
    }

    /** Sets aside what the rest of the document takes (its fixed fields, written once). */
    public DisclosureSizeLimit reserve(Object rest) {
        left -= size(rest);
        return this;
    }

    /**
     * Counts {@code item} if it fits. Once one does not, none does any more: the list stays the newest ones without a
     * gap, so "the n most recent" stays true.
     */
    public boolean take(Object item) {
        long needed = size(item) + 1L; // and the comma
        if (left < needed) {
            left = -1;
            return false;
        }
        left -= needed;
        return true;
    }

    private int size(Object value) {
        try {
            return json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a disclosed item holds only JSON values", e);
        }
    }
}
