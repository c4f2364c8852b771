package jp.onplanetz.privacy.consent.decision;

import jp.onplanetz.privacy.consent.decision.ConsentState.State;
import jp.onplanetz.privacy.events.WireCoded;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Where one consent stood at one instant, as a pure function of its append-only history and its expiry:
 * what a service that recorded a provision of data at that instant needs to know to tell whether the
 * consent it relied on stood then.
 *
 * @param since         when this standing began ({@code null} for {@link Standing#NOT_YET_GRANTED})
 * @param policyVersion the policy version the consent was granted under ({@code null} before the grant);
 *                      never the version of a later publication that made the consent await renewal
 */
public record ConsentStanding(Standing standing, Instant since, String policyVersion) {

    public enum Standing implements WireCoded {
        /** The instant lies before the grant: the consent did not exist yet. */
        NOT_YET_GRANTED,
        /** Granted, not expired, not withdrawn, not awaiting renewal: the only standing in which it counts. */
        IN_FORCE,
        WITHDRAWN,
        /** Past its expiry (at the expiry instant itself too: a consent counts only while expiry lies ahead). */
        EXPIRED,
        /** A policy change went beyond what the subject agreed to; it counts again only once renewed. */
        RECONSENT_REQUIRED,
        /** Replaced by a renewal: the new consent counts instead. */
        SUPERSEDED
    }

    /**
     * One entry of a consent's history, as far as its standing is concerned. Its action is the state it moved
     * the consent to (the history's action codes are the states' codes).
     */
    public record Entry(long seq, State action, String policyVersion, Instant occurredAt) {
        public Entry {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    private static final ConsentStanding NOT_YET = new ConsentStanding(Standing.NOT_YET_GRANTED, null, null);

    /**
     * The standing at {@code instant}: the state set by the last entry (in {@code seq} order) that occurred
     * at or before it, and past {@code expiresAt} a consent still open (granted, or awaiting renewal) is
     * expired. A withdrawal or supersession recorded after the expiry is the standing from its own time on.
     * An entry counts from the instant it occurred: exactly at the grant the consent is in force, exactly at
     * the withdrawal it is withdrawn. With no entry by then (an empty history too) it was not yet granted.
     *
     * @param history   the consent's history, in any order (sorted by {@code seq} here)
     * @param expiresAt the consent's expiry, {@code null} if it has none
     */
    public static ConsentStanding at(List<Entry> history, Instant expiresAt, Instant instant) {
        Objects.requireNonNull(instant, "instant");
        Entry last = null;
        Entry grant = null;
        for (Entry e : history.stream().sorted(Comparator.comparingLong(Entry::seq)).toList()) {
            if (e.occurredAt().isAfter(instant)) {
                continue;
            }
            last = e;
            if (e.action() == State.GRANTED) {
                grant = e;
            }
        }
        if (last == null) {
            return NOT_YET;
        }
        String version = grant == null ? null : grant.policyVersion();
        boolean open = last.action() == State.GRANTED || last.action() == State.RECONSENT_REQUIRED;
        if (open && expiresAt != null && !instant.isBefore(expiresAt)) {
            return new ConsentStanding(Standing.EXPIRED, expiresAt, version);
        }
        Standing standing = switch (last.action()) {
            case GRANTED -> Standing.IN_FORCE;
            case RECONSENT_REQUIRED -> Standing.RECONSENT_REQUIRED;
            case SUPERSEDED -> Standing.SUPERSEDED;
            case WITHDRAWN -> Standing.WITHDRAWN;
        };
        return new ConsentStanding(standing, last.occurredAt(), version);
    }
}
