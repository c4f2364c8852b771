package jp.onplanetz.privacy.disclosurelog;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.UUID;

/** A legal hold on a subject's records (or one record), active until it is released. */
public record LegalHold(UUID id, String subjectId, UUID recordId, String reason, String placedBy, Instant placedAt,
        String releaseReason, String releasedBy, Instant releasedAt) {
    @JsonProperty("active")
    public boolean active() {
        return releasedAt == null;
    }
}
