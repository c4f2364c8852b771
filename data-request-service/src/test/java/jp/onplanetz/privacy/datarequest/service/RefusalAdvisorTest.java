package jp.onplanetz.privacy.datarequest.service;

import jp.onplanetz.privacy.datarequest.RequestStatus;
import jp.onplanetz.privacy.datarequest.ReviewReason;
import jp.onplanetz.privacy.datarequest.config.DataRequestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalAdvisorTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 4, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final DataRequestConfig.Refusal LIMITS = new DataRequestConfig.Refusal() {
        @Override
        public Duration repeatWindow() {
            return Duration.ofDays(30);
        }

        @Override
        public Duration burdenWindow() {
            return Duration.ofDays(7);
        }

        @Override
        public int maxRequestsInWindow() {
            return 3;
        }

        @Override
        public long maxItemsHeld() {
            return 1000;
        }
    };

    private static RefusalAdvisor.Earlier earlier(String fingerprint, RequestStatus status, Duration ago) {
        return new RefusalAdvisor.Earlier(UUID.randomUUID(), fingerprint, status, NOW.minus(ago));
    }

    @Test
    void aFirstRequestIsNotHeld() {
        RefusalAdvisor.Advice advice = RefusalAdvisor.assess("f", List.of(), null, NOW, LIMITS);
        assertThat(advice.suggestsReview()).isFalse();
        assertThat(advice.reasons()).isEmpty();
        assertThat(advice.figures()).containsEntry("sameRequestsInRepeatWindow", 0).containsEntry("itemsLastReported", null);
    }

    @ParameterizedTest
    @EnumSource(value = RequestStatus.class, names = {"RECEIVED", "IDENTITY_VERIFIED", "IN_PROGRESS", "COMPLETED"})
    void theSameRequestWithinTheWindowIsARepeatWhetherOpenOrDone(RequestStatus status) {
        RefusalAdvisor.Earlier same = earlier("f", status, Duration.ofDays(29));
        RefusalAdvisor.Advice advice = RefusalAdvisor.assess("f", List.of(same), null, NOW, LIMITS);
        assertThat(advice.reasons()).containsExactly(ReviewReason.REPEATED_REQUEST);
        assertThat(advice.figures()).containsEntry("sameRequestIds", List.of(same.id().toString()));
    }

    @ParameterizedTest
    @EnumSource(value = RequestStatus.class, names = {"REFUSED", "CANCELLED"})
    void aRefusedOrCancelledRequestWasNeverCarriedOutSoAskingAgainIsNoRepeat(RequestStatus status) {
        assertThat(RefusalAdvisor.assess("f", List.of(earlier("f", status, Duration.ofDays(1))), null, NOW, LIMITS)
                .suggestsReview()).isFalse();
    }

    @Test
    void theSameRequestBeforeTheWindowOrAnotherRequestIsNoRepeat() {
        assertThat(RefusalAdvisor.assess("f", List.of(earlier("f", RequestStatus.COMPLETED, Duration.ofDays(31)),
                earlier("g", RequestStatus.COMPLETED, Duration.ofDays(1)), earlier(null, RequestStatus.COMPLETED,
                        Duration.ofDays(1))), null, NOW, LIMITS).reasons()).isEmpty();
        // the window's start counts as inside
        assertThat(RefusalAdvisor.assess("f", List.of(earlier("f", RequestStatus.COMPLETED, Duration.ofDays(30))),
                null, NOW, LIMITS).reasons()).containsExactly(ReviewReason.REPEATED_REQUEST);
    }

    @Test
    void manyRequestsInTheBurdenWindowAreABurdenWhateverTheyWere() {
        List<RefusalAdvisor.Earlier> two = new ArrayList<>();
        two.add(earlier("a", RequestStatus.CANCELLED, Duration.ofDays(1)));
        two.add(earlier("b", RequestStatus.REFUSED, Duration.ofDays(6)));
        two.add(earlier("c", RequestStatus.COMPLETED, Duration.ofDays(8))); // outside the 7-day window
        assertThat(RefusalAdvisor.assess("x", two, null, NOW, LIMITS).reasons()).isEmpty();
        two.add(earlier("d", RequestStatus.IN_PROGRESS, Duration.ofHours(1)));
        RefusalAdvisor.Advice advice = RefusalAdvisor.assess("x", two, null, NOW, LIMITS);
        assertThat(advice.reasons()).containsExactly(ReviewReason.EXCESSIVE_BURDEN);
        assertThat(advice.figures()).containsEntry("otherRequestsInBurdenWindow", 3L);
    }

    @Test
    void moreItemsHeldThanTheLimitIsABurdenAndTheLimitItselfIsNot() {
        assertThat(RefusalAdvisor.assess("x", List.of(), 1000L, NOW, LIMITS).reasons()).isEmpty();
        assertThat(RefusalAdvisor.assess("x", List.of(), 1001L, NOW, LIMITS).reasons())
                .containsExactly(ReviewReason.EXCESSIVE_BURDEN);
    }

    @Test
    void bothReasonsAreGivenTogether() {
        List<RefusalAdvisor.Earlier> history = List.of(earlier("f", RequestStatus.COMPLETED, Duration.ofDays(1)),
                earlier("g", RequestStatus.COMPLETED, Duration.ofDays(2)), earlier("h", RequestStatus.COMPLETED,
                        Duration.ofDays(3)));
        assertThat(RefusalAdvisor.assess("f", history, 5L, NOW, LIMITS).reasons())
                .containsExactly(ReviewReason.REPEATED_REQUEST, ReviewReason.EXCESSIVE_BURDEN);
    }
}
