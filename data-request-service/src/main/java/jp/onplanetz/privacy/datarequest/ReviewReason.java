package jp.onplanetz.privacy.datarequest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jp.onplanetz.privacy.events.WireCoded;

/** Why the service suggests that a privacy officer look at a request before it is carried out. */
public enum ReviewReason implements WireCoded {
    /** The subject asked the very same within the repeat window, and that request was not refused or cancelled. */
    @JsonProperty("repeated-request") REPEATED_REQUEST,
    /** The estimated work (requests in the burden window, items held) is beyond the configured limits. */
    @JsonProperty("excessive-burden") EXCESSIVE_BURDEN
}
