package jp.onplanetz.privacy.disclosurelog;

import com.fasterxml.jackson.annotation.JsonProperty;
import jp.onplanetz.privacy.events.WireCoded;

/** Whether analytics-gateway made a release of statistics or refused it. */
public enum ReleaseStatus implements WireCoded {
    @JsonProperty("released") RELEASED,
    /** Its epsilon would have exceeded the recipient's privacy budget for the period. */
    @JsonProperty("refused") REFUSED;
}
