package jp.onplanetz.privacy.analytics.anonymisation;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Objects;

/**
 * The rule of the privacy-budget ledger: a recipient's releases in one period may together cost at most the
 * cap. Costs add up (basic sequential composition of epsilon-DP releases), in {@link BigDecimal} so that the
 * sum is exact: in doubles, three releases of 0.1 sum to 0.30000000000000004 and would not fit a cap of 0.3.
 * <p>
 * Pure: the spent epsilons come from the ledger (PostgreSQL, later), which must read them and record the new
 * release in one transaction, with the recipient's row locked, or two concurrent releases could both fit.
 */
public final class PrivacyBudget {

    /** Whether a release fits, and the ledger's figures for the answer and the audit trail. */
    public record Decision(boolean fits, BigDecimal spent, BigDecimal requested, BigDecimal cap) {
        /** What would be left after this release if it fits; what is left now if not. Never negative. */
        public BigDecimal remaining() {
            BigDecimal left = cap.subtract(fits ? spent.add(requested) : spent);
            return left.signum() < 0 ? BigDecimal.ZERO : left;
        }
    }

    private final BigDecimal cap;

    /** @param cap the most a recipient may spend in one period; positive */
    public PrivacyBudget(BigDecimal cap) {
        Objects.requireNonNull(cap, "cap");
        if (cap.signum() <= 0) {
            throw new IllegalArgumentException("the budget cap must be positive: " + cap);
        }
        this.cap = cap;
    }

    public BigDecimal cap() {
        return cap;
    }

    /**
     * @param alreadySpent the epsilons of the recipient's earlier releases in the period; each positive
     * @param epsilon      the cost of the release asked for; positive
     * @return fits when {@code sum(alreadySpent) + epsilon <= cap}; exactly at the cap fits
     * @throws IllegalArgumentException for a non-positive epsilon, or a non-positive one in the ledger, which
     *                                  would mean the ledger is wrong, and a wrong ledger must not be trusted
     *                                  to allow anything
     */
    public Decision decide(Collection<BigDecimal> alreadySpent, BigDecimal epsilon) {
        Objects.requireNonNull(alreadySpent, "alreadySpent");
        Objects.requireNonNull(epsilon, "epsilon");
        if (epsilon.signum() <= 0) {
            throw new IllegalArgumentException("a release must cost a positive epsilon: " + epsilon);
        }
        BigDecimal spent = BigDecimal.ZERO;
        for (BigDecimal earlier : alreadySpent) {
            Objects.requireNonNull(earlier, "spent epsilon");
            if (earlier.signum() <= 0) {
                throw new IllegalArgumentException("the ledger holds a non-positive epsilon: " + earlier);
            }
            spent = spent.add(earlier);
        }
        boolean fits = spent.add(epsilon).compareTo(cap) <= 0;
        return new Decision(fits, spent, epsilon, cap);
    }
}
