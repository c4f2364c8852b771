package jp.onplanetz.privacy.datarequest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jp.onplanetz.privacy.events.WireCoded;

/**
 * The legal grounds on which a privacy officer may decline a request (APPI Art. 33(2) i-iii, which the policy
 * repeats). Only an officer decides; the service at most suggests that a decision is needed.
 */
public enum RefusalGround implements WireCoded {
    /** Carrying it out is likely to harm the life, body, property or other rights of the subject or others. */
    @JsonProperty("harm-to-person-or-others") HARM_TO_PERSON_OR_OTHERS,
    /** It is likely to seriously interfere with the proper conduct of the business (e.g. repeated, unjustified). */
    @JsonProperty("serious-interference-with-business") SERIOUS_INTERFERENCE_WITH_BUSINESS,
    /** Carrying it out would violate other laws and regulations. */
    @JsonProperty("violation-of-other-laws") VIOLATION_OF_OTHER_LAWS
}
