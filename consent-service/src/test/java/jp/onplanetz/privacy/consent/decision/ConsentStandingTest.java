package jp.onplanetz.privacy.consent.decision;

import jp.onplanetz.privacy.consent.decision.ConsentStanding.Entry;
import jp.onplanetz.privacy.consent.decision.ConsentStanding.Standing;
import jp.onplanetz.privacy.consent.decision.ConsentState.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a consent stood at an instant, from its history: every standing, and every boundary between two. */
class ConsentStandingTest {

    private static final String V1 = "1".repeat(64);
    /** The version whose publication made the consent await renewal: never the answer's policy version. */
    private static final String V2 = "2".repeat(64);
    private static final Instant GRANTED = Instant.parse("2026-01-10T09:00:00.123456Z");
    private static final Instant RECONSENT = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant CLOSED = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2026-06-30T15:00:00Z");
    private static final Duration MICRO = Duration.ofNanos(1_000);

    private static Entry granted() {
        return new Entry(1, State.GRANTED, V1, GRANTED);
    }

    private static Entry reconsent(long seq, Instant at) {
        return new Entry(seq, State.RECONSENT_REQUIRED, V2, at);
    }

    private static Entry closed(long seq, State how, Instant at) {
        return new Entry(seq, how, V1, at);
    }

    private static List<Entry> history(Entry... entries) {
        return List.of(entries);
    }

    private static void assertStanding(ConsentStanding s, Standing standing, Instant since, String version) {
        assertThat(s.standing()).isEqualTo(standing);
        assertThat(s.since()).isEqualTo(since);
        assertThat(s.policyVersion()).isEqualTo(version);
    }

    @Test
    void withNoHistoryTheConsentHadNotBeenGranted() {
        assertStanding(ConsentStanding.at(List.of(), null, GRANTED), Standing.NOT_YET_GRANTED, null, null);
        assertStanding(ConsentStanding.at(List.of(), EXPIRES, EXPIRES.plusSeconds(1)), Standing.NOT_YET_GRANTED, null, null);
    }

    @Test
    void theGrantCountsFromItsOwnInstantOnNotAMicrosecondBefore() {
        List<Entry> h = history(granted());
        assertStanding(ConsentStanding.at(h, null, GRANTED.minus(MICRO)), Standing.NOT_YET_GRANTED, null, null);
        assertStanding(ConsentStanding.at(h, null, GRANTED.minusNanos(1)), Standing.NOT_YET_GRANTED, null, null);
        assertStanding(ConsentStanding.at(h, null, GRANTED), Standing.IN_FORCE, GRANTED, V1);
        assertStanding(ConsentStanding.at(h, null, GRANTED.plus(MICRO)), Standing.IN_FORCE, GRANTED, V1);
        assertStanding(ConsentStanding.at(h, null, Instant.parse("2099-12-31T23:59:59Z")), Standing.IN_FORCE, GRANTED, V1);
    }

    @Test
    void beforeTheGrantItIsNotYetGrantedWhateverHappenedLater() {
        List<Entry> h = history(granted(), reconsent(2, RECONSENT), closed(3, State.WITHDRAWN, CLOSED));
        assertStanding(ConsentStanding.at(h, EXPIRES, Instant.parse("2020-01-01T00:00:00Z")), Standing.NOT_YET_GRANTED, null, null);
    }

    @Test
    void aWithdrawalCountsFromItsOwnInstantOn() {
        List<Entry> h = history(granted(), closed(2, State.WITHDRAWN, CLOSED));
        assertStanding(ConsentStanding.at(h, null, CLOSED.minus(MICRO)), Standing.IN_FORCE, GRANTED, V1);
        assertStanding(ConsentStanding.at(h, null, CLOSED), Standing.WITHDRAWN, CLOSED, V1);
        assertStanding(ConsentStanding.at(h, null, CLOSED.plus(Duration.ofDays(3650))), Standing.WITHDRAWN, CLOSED, V1);
    }

    @Test
    void aConsentCountsOnlyWhileItsExpiryLiesAhead() {
        List<Entry> h = history(granted());
        assertStanding(ConsentStanding.at(h, EXPIRES, EXPIRES.minusNanos(1)), Standing.IN_FORCE, GRANTED, V1);
        assertStanding(ConsentStanding.at(h, EXPIRES, EXPIRES), Standing.EXPIRED, EXPIRES, V1);
        assertStanding(ConsentStanding.at(h, EXPIRES, EXPIRES.plusSeconds(1)), Standing.EXPIRED, EXPIRES, V1);
        // an expiry says nothing about the time before the grant
        assertStanding(ConsentStanding.at(h, EXPIRES, GRANTED.minus(MICRO)), Standing.NOT_YET_GRANTED, null, null);
    }

    @Test
    void aWithdrawalBeforeTheExpiryStaysAWithdrawalPastIt() {
        List<Entry> h = history(granted(), closed(2, State.WITHDRAWN, CLOSED));
        assertStanding(ConsentStanding.at(h, EXPIRES, EXPIRES), Standing.WITHDRAWN, CLOSED, V1);
        assertStanding(ConsentStanding.at(h, EXPIRES, EXPIRES.plusSeconds(60)), Standing.WITHDRAWN, CLOSED, V1);
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"WITHDRAWN", "SUPERSEDED"})
    void aClosureAfterTheExpiryIsTheStandingFromItsOwnInstantOn(State how) {
        Instant after = EXPIRES.plus(Duration.ofDays(2));
        List<Entry> h = history(granted(), closed(2, how, after));
        assertStanding(ConsentStanding.at(h, EXPIRES, after.minus(MICRO)), Standing.EXPIRED, EXPIRES, V1);
        assertStanding(ConsentStanding.at(h, EXPIRES, after), Standing.valueOf(how.name()), after, V1);
    }

    @Test
    void aPolicyChangeStopsTheConsentAndARenewalSupersedesIt() {
        List<Entry> h = history(granted(), reconsent(2, RECONSENT), closed(3, State.SUPERSEDED, CLOSED));
        assertStanding(ConsentStanding.at(h, null, RECONSENT.minus(MICRO)), Standing.IN_FORCE, GRANTED, V1);
        assertStanding(ConsentStanding.at(h, null, RECONSENT), Standing.RECONSENT_REQUIRED, RECONSENT, V1);
        assertStanding(ConsentStanding.at(h, null, CLOSED.minus(MICRO)), Standing.RECONSENT_REQUIRED, RECONSENT, V1);
        assertStanding(ConsentStanding.at(h, null, CLOSED), Standing.SUPERSEDED, CLOSED, V1);
        assertStanding(ConsentStanding.at(h, null, CLOSED.plusSeconds(1)), Standing.SUPERSEDED, CLOSED, V1);
    }

    @Test
    void theAnswerNamesTheVersionGrantedUnderNotTheOneThatVoidedIt() {
        List<Entry> h = history(granted(), reconsent(2, RECONSENT));
        assertThat(ConsentStanding.at(h, null, RECONSENT.plusSeconds(1)).policyVersion()).isEqualTo(V1);
    }

    @Test
    void awaitingRenewalWhenTheExpiryComesIsExpiredFromTheExpiryOn() {
        List<Entry> h = history(granted(), reconsent(2, RECONSENT));
        assertStanding(ConsentStanding.at(h, EXPIRES, EXPIRES.minusNanos(1)), Standing.RECONSENT_REQUIRED, RECONSENT, V1);
        assertStanding(ConsentStanding.at(h, EXPIRES, EXPIRES), Standing.EXPIRED, EXPIRES, V1);
    }

    @Test
    void aPolicyChangeAfterTheExpiryDoesNotHideTheExpiry() {
        // A publication marks every consent still recorded as granted, an expired one too.
        Instant later = EXPIRES.plus(Duration.ofDays(30));
        List<Entry> h = history(granted(), reconsent(2, later));
        assertStanding(ConsentStanding.at(h, EXPIRES, later), Standing.EXPIRED, EXPIRES, V1);
        assertStanding(ConsentStanding.at(h, EXPIRES, later.plusSeconds(1)), Standing.EXPIRED, EXPIRES, V1);
    }

    @Test
    void anExpiredConsentRenewedAfterAPolicyChangeIsSupersededFromTheRenewalOn() {
        Instant renewed = EXPIRES.plus(Duration.ofDays(31));
        List<Entry> h = history(granted(), reconsent(2, RECONSENT), closed(3, State.SUPERSEDED, renewed));
        assertStanding(ConsentStanding.at(h, EXPIRES, RECONSENT), Standing.RECONSENT_REQUIRED, RECONSENT, V1);
        assertStanding(ConsentStanding.at(h, EXPIRES, EXPIRES), Standing.EXPIRED, EXPIRES, V1);
        assertStanding(ConsentStanding.at(h, EXPIRES, renewed.minus(MICRO)), Standing.EXPIRED, EXPIRES, V1);
        assertStanding(ConsentStanding.at(h, EXPIRES, renewed), Standing.SUPERSEDED, renewed, V1);
    }

    @Test
    void aWithdrawalWhileAwaitingRenewalIsAWithdrawal() {
        List<Entry> h = history(granted(), reconsent(2, RECONSENT), closed(3, State.WITHDRAWN, CLOSED));
        assertStanding(ConsentStanding.at(h, EXPIRES, CLOSED), Standing.WITHDRAWN, CLOSED, V1);
        assertStanding(ConsentStanding.at(h, EXPIRES, EXPIRES), Standing.WITHDRAWN, CLOSED, V1);
    }

    @Test
    void entriesOfOneInstantApplyInTheirRecordedOrder() {
        // Granted and withdrawn within the same microsecond: at that instant the withdrawal is the last word.
        List<Entry> h = history(granted(), closed(2, State.WITHDRAWN, GRANTED));
        assertStanding(ConsentStanding.at(h, null, GRANTED), Standing.WITHDRAWN, GRANTED, V1);
        assertStanding(ConsentStanding.at(h, null, GRANTED.minusNanos(1)), Standing.NOT_YET_GRANTED, null, null);
    }

    @Test
    void theHistoryIsReadInSeqOrderWhateverOrderItIsHandedIn() {
        List<Entry> h = new ArrayList<>(Arrays.asList(granted(), reconsent(2, RECONSENT), closed(3, State.SUPERSEDED, CLOSED)));
        Collections.reverse(h);
        assertStanding(ConsentStanding.at(h, null, CLOSED), Standing.SUPERSEDED, CLOSED, V1);
        assertStanding(ConsentStanding.at(h, null, RECONSENT), Standing.RECONSENT_REQUIRED, RECONSENT, V1);
        // same instant, handed in reverse: seq still decides
        List<Entry> sameInstant = history(closed(2, State.WITHDRAWN, GRANTED), granted());
        assertThat(ConsentStanding.at(sameInstant, null, GRANTED).standing()).isEqualTo(Standing.WITHDRAWN);
    }

    @Test
    void standingsHaveTheirWireCodes() {
        assertThat(Arrays.stream(Standing.values()).map(Standing::code)).containsExactly(
                "not-yet-granted", "in-force", "withdrawn", "expired", "reconsent-required", "superseded");
    }

    @Test
    void anInstantIsRequired() {
        assertThatThrownBy(() -> ConsentStanding.at(history(granted()), null, null)).isInstanceOf(NullPointerException.class);
    }
}
