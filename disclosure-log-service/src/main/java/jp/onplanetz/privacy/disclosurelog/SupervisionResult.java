package jp.onplanetz.privacy.disclosurelog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a supervision check found. */
public enum SupervisionResult {
    @JsonProperty("satisfactory") SATISFACTORY,
    /** Needs a note saying what the issues were. */
    @JsonProperty("issues-found") ISSUES_FOUND;

    public String code() {
        return name().toLowerCase().replace('_', '-');
    }
}
