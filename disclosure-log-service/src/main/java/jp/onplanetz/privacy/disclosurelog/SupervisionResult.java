package jp.onplanetz.privacy.disclosurelog;

import jp.onplanetz.privacy.events.WireCoded;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What a supervision check found. */
public enum SupervisionResult implements WireCoded {
    @JsonProperty("satisfactory") SATISFACTORY,
    /** Needs a note saying what the issues were. */
    @JsonProperty("issues-found") ISSUES_FOUND;
}
