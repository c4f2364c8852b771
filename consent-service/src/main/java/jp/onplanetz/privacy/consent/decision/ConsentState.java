package jp.onplanetz.privacy.consent.decision;

import jp.onplanetz.privacy.events.WireCoded;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a decision needs to know of one consent. A consent's state only moves forward (granted, then
 * perhaps reconsent-required, then perhaps superseded or withdrawn), which lets every replica apply the same events in
 * any overlap of snapshot and stream and end in the same state.
 */
public record ConsentState(UUID consentId, String subjectId, String purpose, String recipient, State state,
        String policyVersion, List<String> categories, Instant expiresAt) {

    /** In the order a consent may move through them; the last two are final. */
    public enum State implements WireCoded {
        GRANTED, RECONSENT_REQUIRED,
        /** Replaced by a renewal (after a policy change or expiry): the new consent record counts instead. */
        SUPERSEDED,
        WITHDRAWN;

        public static State ofCode(String code) {
            return WireCoded.ofCode(State.class, code).orElseThrow(() -> new IllegalArgumentException("no consent state " + code));
        }
    }

    public ConsentState {
        categories = List.copyOf(categories);
    }

    /** Open: neither withdrawn nor superseded (it may still await renewal). */
    public boolean isOpen() {
        return state == State.GRANTED || state == State.RECONSENT_REQUIRED;
    }

    public boolean isFor(String purpose, String recipient) {
        return this.purpose.equals(purpose) && java.util.Objects.equals(this.recipient, recipient);
    }

    public ConsentState withState(State next) {
        return new ConsentState(consentId, subjectId, purpose, recipient, next, policyVersion, categories, expiresAt);
    }
}
