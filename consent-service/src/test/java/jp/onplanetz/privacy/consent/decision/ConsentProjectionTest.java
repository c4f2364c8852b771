package jp.onplanetz.privacy.consent.decision;

import jp.onplanetz.privacy.consent.decision.ConsentState.State;
import jp.onplanetz.privacy.consent.policy.PolicyContent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentProjectionTest {

    private static final Instant EXPIRES = Instant.parse("2027-04-01T00:00:00Z");
    private static final PolicyContent EMPTY = new PolicyContent(
            new PolicyContent.Controller("Onplanetz", "admin@onplanetz.com", null), List.of(), List.of(), List.of());

    private final ConsentProjection projection = new ConsentProjection();

    @Test
    void aGrantThenItsWithdrawalLeavesNoOpenConsent() {
        ConsentState grant = grant("s1", "newsletter", null);
        projection.apply(grant);
        assertThat(projection.openConsent("s1", "newsletter", null)).contains(grant);

        projection.apply(event(grant, State.WITHDRAWN));

        assertThat(projection.openConsent("s1", "newsletter", null)).isEmpty();
    }

    @Test
    void aLateGrantAfterTheWithdrawalDoesNotReviveTheConsent() {
        ConsentState grant = grant("s1", "newsletter", null);
        projection.apply(grant);
        projection.apply(event(grant, State.WITHDRAWN));

        projection.apply(grant); // redelivered, or the stream overlapping the start-up snapshot

        assertThat(projection.openConsent("s1", "newsletter", null)).isEmpty();
    }

    @Test
    void aWithdrawalSeenBeforeItsGrantStaysWithdrawn() {
        ConsentState grant = grant("s1", "newsletter", null);
        projection.apply(event(grant, State.WITHDRAWN));

        projection.apply(grant);

        assertThat(projection.openConsent("s1", "newsletter", null)).isEmpty();
    }

    @Test
    void aConsentAwaitingRenewalIsNotGrantedAgainByARepeatedGrantEvent() {
        ConsentState grant = grant("s1", "third-party-ads", "acme");
        projection.apply(grant);
        projection.apply(event(grant, State.RECONSENT_REQUIRED));

        projection.apply(grant);

        assertThat(projection.openConsent("s1", "third-party-ads", "acme"))
                .hasValueSatisfying(c -> assertThat(c.state()).isEqualTo(State.RECONSENT_REQUIRED));
    }

    @Test
    void aStateEventWithoutCategoriesKeepsTheGrantsCategoriesAndExpiry() {
        ConsentState grant = grant("s1", "newsletter", null);
        projection.apply(grant);

        projection.apply(event(grant, State.RECONSENT_REQUIRED));

        assertThat(projection.openConsent("s1", "newsletter", null)).hasValueSatisfying(c -> {
            assertThat(c.state()).isEqualTo(State.RECONSENT_REQUIRED);
            assertThat(c.categories()).containsExactly("profile.email", "profile.name");
            assertThat(c.expiresAt()).isEqualTo(EXPIRES);
            assertThat(c.policyVersion()).isEqualTo(grant.policyVersion());
        });
    }

    @Test
    void openConsentMatchesThePurposeAndTheRecipientExactly() {
        projection.apply(grant("s1", "newsletter", null));
        projection.apply(grant("s1", "third-party-ads", "acme"));

        assertThat(projection.openConsent("s1", "newsletter", null)).isPresent();
        assertThat(projection.openConsent("s1", "newsletter", "acme")).as("a recipient where none was given").isEmpty();
        assertThat(projection.openConsent("s1", "third-party-ads", "acme")).isPresent();
        assertThat(projection.openConsent("s1", "third-party-ads", null)).as("no recipient where one was given").isEmpty();
        assertThat(projection.openConsent("s1", "third-party-ads", "globex")).as("another recipient").isEmpty();
        assertThat(projection.openConsent("s1", "own-marketing", null)).as("another purpose").isEmpty();
        assertThat(projection.openConsent("s2", "newsletter", null)).as("another subject").isEmpty();
    }

    @Test
    void replaceConsentsSwapsInTheSnapshotAndForgetsWhatWasBefore() {
        ConsentState old = grant("s1", "newsletter", null);
        projection.apply(old);
        ConsentState fresh = grant("s2", "own-marketing", null);
        ConsentState freshWithdrawn = event(grant("s3", "newsletter", null), State.WITHDRAWN);

        projection.replaceConsents(List.of(fresh, freshWithdrawn));

        assertThat(projection.openConsent("s1", "newsletter", null)).isEmpty();
        assertThat(projection.openConsent("s2", "own-marketing", null)).contains(fresh);
        assertThat(projection.openConsent("s3", "newsletter", null)).isEmpty();
        assertThat(projection.subjectCount()).isEqualTo(2);
        // The swapped-in maps take later events as usual.
        projection.apply(event(fresh, State.WITHDRAWN));
        assertThat(projection.openConsent("s2", "own-marketing", null)).isEmpty();
    }

    @Test
    void aPolicyVersionIsTakenOnlyIfNewerThanTheOneKnown() {
        PolicySnapshot v2 = new PolicySnapshot(2, "b".repeat(64), EMPTY);
        assertThat(projection.policy()).isEmpty();

        projection.policy(v2);
        projection.policy(new PolicySnapshot(1, "a".repeat(64), EMPTY));
        assertThat(projection.policy()).contains(v2);

        projection.policy(new PolicySnapshot(2, "c".repeat(64), EMPTY));
        assertThat(projection.policy()).as("the same number again changes nothing").contains(v2);

        PolicySnapshot v3 = new PolicySnapshot(3, "d".repeat(64), EMPTY);
        projection.policy(v3);
        assertThat(projection.policy()).contains(v3);
    }

    @Test
    void concurrentGrantsAndWithdrawalsFromManyThreadsEndConsistent() throws Exception {
        int threads = 8;
        int perThread = 1000;
        int subjects = 97; // many consents per subject, so that threads race on the same subject's map
        List<ConsentState> all = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            all.add(grant("s" + (i % subjects), "p-" + i, null));
        }

        // Phase 1: each thread grants its own slice.
        race(threads, t -> all.subList(t * perThread, (t + 1) * perThread).forEach(projection::apply));

        assertThat(all).as("no grant lost").allMatch(c -> projection.openConsent(c.subjectId(), c.purpose(), null).isPresent());
        assertThat(projection.subjectCount()).isEqualTo(subjects);

        // Phase 2: each thread withdraws its slice while redelivering the grants of the next thread's slice,
        // each in its own shuffled order. Whatever the interleaving, a withdrawal must win.
        race(threads, t -> {
            List<ConsentState> events = new ArrayList<>();
            all.subList(t * perThread, (t + 1) * perThread).forEach(c -> events.add(event(c, State.WITHDRAWN)));
            int next = (t + 1) % threads;
            events.addAll(all.subList(next * perThread, (next + 1) * perThread));
            Collections.shuffle(events, new Random(t));
            events.forEach(projection::apply);
        });

        assertThat(all).as("every consent closed").allMatch(c -> projection.openConsent(c.subjectId(), c.purpose(), null).isEmpty());
        assertThat(projection.subjectCount()).isEqualTo(subjects);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private interface Work {
        void run(int thread) throws Exception;
    }

    /** Runs the work on every thread at once (released together) and rethrows any failure. */
    private static void race(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = IntStream.range(0, threads).<Future<?>>mapToObj(t -> pool.submit(() -> {
                start.await();
                work.run(t);
                return null;
            })).toList();
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ConsentState grant(String subject, String purpose, String recipient) {
        return new ConsentState(UUID.randomUUID(), subject, purpose, recipient, State.GRANTED, "e".repeat(64),
                List.of("profile.email", "profile.name"), EXPIRES);
    }

    /** A state event as the stream carries it: only the change, without the grant's categories or expiry. */
    private static ConsentState event(ConsentState of, State state) {
        return new ConsentState(of.consentId(), of.subjectId(), of.purpose(), of.recipient(), state, of.policyVersion(),
                List.of(), null);
    }
}
