package jp.onplanetz.privacy.datarequest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jp.onplanetz.privacy.events.WireCoded;

import java.util.Optional;

/**
 * How a requester's identity was verified before anything is done for the request. A subject's own sign-in is its
 * verification; everything else is an operator's check of someone who came through the company's support (the
 * codes are those of {@code data-request.identity-verified.v1}).
 */
public enum VerificationMethod implements WireCoded {
    /** The subject's own token: only the subject acting for itself. */
    @JsonProperty("sign-in") SIGN_IN,
    @JsonProperty("identity-document") IDENTITY_DOCUMENT,
    /** A call back to the contact details on record, never to a number the caller gave. */
    @JsonProperty("phone-callback") PHONE_CALLBACK,
    @JsonProperty("in-person") IN_PERSON,
    @JsonProperty("registered-mail") REGISTERED_MAIL,
    @JsonProperty("other") OTHER;

    public static Optional<VerificationMethod> ofCode(String code) {
        return WireCoded.ofCode(VerificationMethod.class, code);
    }
}
