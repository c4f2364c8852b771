package jp.onplanetz.privacy.analytics.anonymisation;

import jp.onplanetz.privacy.analytics.anonymisation.PrivacyBudget.Decision;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivacyBudgetTest {

    private static List<BigDecimal> spent(String... epsilons) {
        return Arrays.stream(epsilons).map(BigDecimal::new).toList();
    }

    private final PrivacyBudget budget = new PrivacyBudget(new BigDecimal("1.0"));

    @Test
    void aReleaseFitsWhileTheTotalStaysWithinTheCap() {
        Decision decision = budget.decide(spent("0.25", "0.25"), new BigDecimal("0.4"));

        assertThat(decision.fits()).isTrue();
        assertThat(decision.spent()).isEqualByComparingTo("0.5");
        assertThat(decision.remaining()).isEqualByComparingTo("0.1");
    }

    @Test
    void aReleaseThatReachesTheCapExactlyFitsAndOneBeyondItDoesNot() {
        assertThat(budget.decide(spent("0.5", "0.25"), new BigDecimal("0.25")).fits()).isTrue();
        assertThat(budget.decide(spent("0.5", "0.25"), new BigDecimal("0.25")).remaining()).isEqualByComparingTo("0");

        Decision refused = budget.decide(spent("0.5", "0.25"), new BigDecimal("0.2500000001"));
        assertThat(refused.fits()).isFalse();
        assertThat(refused.remaining()).isEqualByComparingTo("0.25");
    }

    @Test
    void decimalsAddUpExactlyWhereDoublesDrift() {
        // the drift this class exists to avoid
        assertThat(0.1 + 0.1 + 0.1).isGreaterThan(0.3);

        PrivacyBudget small = new PrivacyBudget(new BigDecimal("0.3"));
        assertThat(small.decide(spent("0.1", "0.1"), new BigDecimal("0.1")).fits()).isTrue();

        List<BigDecimal> history = new ArrayList<>();
        for (int release = 1; release <= 10; release++) {
            Decision decision = budget.decide(history, new BigDecimal("0.1"));
            assertThat(decision.fits()).as("release %d", release).isTrue();
            history.add(decision.requested());
        }
        assertThat(budget.decide(history, new BigDecimal("0.1")).fits()).isFalse();
        assertThat(budget.decide(history, new BigDecimal("0.1")).remaining()).isEqualByComparingTo("0");
    }

    @Test
    void theScaleOfTheDecimalsDoesNotMatter() {
        PrivacyBudget one = new PrivacyBudget(BigDecimal.ONE);

        assertThat(one.decide(spent("0.50"), new BigDecimal("0.5000")).fits()).isTrue();
        assertThat(one.decide(spent("5E-1"), new BigDecimal("0.5")).fits()).isTrue();
    }

    @Test
    void aFirstReleaseFitsIfItIsWithinTheCapAlone() {
        assertThat(budget.decide(List.of(), new BigDecimal("1")).fits()).isTrue();
        assertThat(budget.decide(List.of(), new BigDecimal("1.01")).fits()).isFalse();
    }

    @Test
    void anOverspentLedgerRefusesEverythingAndReportsNothingLeft() {
        Decision decision = budget.decide(spent("0.7", "0.7"), new BigDecimal("0.01"));

        assertThat(decision.fits()).isFalse();
        assertThat(decision.remaining()).isEqualByComparingTo("0");
    }

    @Test
    void aNonPositiveReleaseIsRefused() {
        assertThatThrownBy(() -> budget.decide(List.of(), BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> budget.decide(List.of(), new BigDecimal("-0.1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> budget.decide(List.of(), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aLedgerWithANonPositiveEntryIsNotTrusted() {
        // a negative entry would otherwise buy budget back
        assertThatThrownBy(() -> budget.decide(spent("0.9", "-0.5"), new BigDecimal("0.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ledger");
        assertThatThrownBy(() -> budget.decide(spent("0"), new BigDecimal("0.5")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCapMustBePositive() {
        assertThatThrownBy(() -> new PrivacyBudget(BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrivacyBudget(new BigDecimal("-1"))).isInstanceOf(IllegalArgumentException.class);
    }
}
