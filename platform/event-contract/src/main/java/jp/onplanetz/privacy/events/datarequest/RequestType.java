package jp.onplanetz.privacy.events.datarequest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jp.onplanetz.privacy.events.WireCoded;

/**
 * The kinds of request a data subject may make (APPI Art. 33-35). The JSON values are exactly the enum of the
 * {@code data-request.received.v1} and {@code data-request.task-assigned.v1} schemas, so that what the API accepts can
 * always be published, and a holder's handler is chosen by the constant, never by comparing strings. The
 * {@code @JsonProperty} values are written out because the OpenAPI documents read them; a test holds them equal to
 * the {@link #code()}.
 */
public enum RequestType implements WireCoded {
    /** Art. 33(1): disclosure of the retained personal data. */
    @JsonProperty("disclosure") DISCLOSURE,
    /** Art. 33(5): disclosure of the records of provision to third parties (Art. 29, 30). */
    @JsonProperty("provision-record-disclosure") PROVISION_RECORD_DISCLOSURE,
    /** Art. 34: correction, addition or deletion of contents that are not true. */
    @JsonProperty("correction") CORRECTION,
    /** Art. 35(1), (5): deletion (erasure). */
    @JsonProperty("deletion") DELETION,
    /** Art. 35(1), (5): cessation of use, optionally for some purposes only. */
    @JsonProperty("cessation-of-use") CESSATION_OF_USE,
    /** Art. 35(3), (5): cessation of provision to third parties, optionally to some recipients only. */
    @JsonProperty("cessation-of-provision") CESSATION_OF_PROVISION,
    /** Withdrawal of consents, handled as a request when the subject cannot or does not use the consent API. */
    @JsonProperty("consent-withdrawal") CONSENT_WITHDRAWAL;

    /** @throws IllegalArgumentException for a value that is no request type */
    public static RequestType ofCode(String code) {
        return WireCoded.ofCode(RequestType.class, code)
                .orElseThrow(() -> new IllegalArgumentException("no request type " + code));
    }

    /** Whether the request may be limited to some purposes (left out: all). */
    public boolean namesPurposes() {
        return this == CESSATION_OF_USE || this == CONSENT_WITHDRAWAL;
    }

    /** Whether the answer hands data to the subject, in a format it chose. */
    public boolean isDisclosure() {
        return this == DISCLOSURE || this == PROVISION_RECORD_DISCLOSURE;
    }
}
