package jp.onplanetz.privacy.analytics.anonymisation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Noise from the discrete Laplace distribution (the two-sided geometric distribution) on the integers:
 * {@code P(k) = (1 - q) / (1 + q) * q^|k|} with {@code q = exp(-1/b)} and scale {@code b = sensitivity / epsilon}.
 * Added to a count whose value one person can change by at most {@code sensitivity}, it gives
 * epsilon-differential privacy for that count.
 *
 * <h2>Method</h2>
 * Algorithm 2 of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020,
 * arXiv:2004.00010), which samples exactly for a rational scale {@code b = t/s}, using only uniform integers
 * and Bernoulli draws with rational probabilities, no floating point:
 * <ol>
 * <li>draw {@code U} uniform in {@code [0, t)} and keep it with probability {@code exp(-U/t)}, else start over;</li>
 * <li>count {@code V}, the number of successes of Bernoulli({@code exp(-1)}) before the first failure;</li>
 * <li>{@code X = U + t*V} is then geometric with ratio {@code exp(-1/t)}, and {@code Y = floor(X/s)} geometric
 * with ratio {@code exp(-s/t) = exp(-1/b)};</li>
 * <li>draw a fair sign; a negative zero is rejected (start over), or zero would be twice as likely as it
 * should; return the signed {@code Y}.</li>
 * </ol>
 * Bernoulli({@code exp(-g)}) for a rational {@code 0 <= g <= 1} is their Algorithm 1: count how many
 * Bernoulli({@code g/k}) draws, k = 1, 2, ..., succeed in a row; the result is 1 if that count is even. A
 * Bernoulli({@code g/k}) is drawn as Bernoulli(g) and Bernoulli(1/k) together, so no product can overflow.
 *
 * <h2>Why not the textbook formula</h2>
 * The usual difference of two geometric variables drawn by inverting {@code log(uniform double)} is exact on
 * paper only: doubles are not uniform in their low bits and {@code log} rounds, which skews the far tails and
 * leaves gaps, and Mironov (CCS 2012) showed how such gaps reveal the true value beneath continuous Laplace
 * noise. Here the only approximation is the random source.
 *
 * <h2>Precision and limits</h2>
 * <ul>
 * <li>Exact for the epsilon as a decimal: {@code epsilon} is a {@link BigDecimal}, so 0.1 is one tenth, the
 * same value the {@link PrivacyBudget} charges. {@link #forEpsilon(double, long, SecureRandom)} reads a double
 * as its shortest decimal form ({@link BigDecimal#valueOf(double)}), so {@code 0.1} is one tenth too.</li>
 * <li>The scale in lowest terms, {@code t/s}, must have {@code t} and {@code s} below 2<sup>48</sup> (refused
 * otherwise): enough for any epsilon written with up to 12 decimal places and a sensitivity up to 256. The
 * headroom keeps {@code U + t*V} within a long unless V exceeds 2<sup>15</sup>, whose probability is
 * {@code exp(-32768)}; even then the sum is checked and would fail loudly, never wrap.</li>
 * <li>The uniform integers come from {@link SecureRandom#nextLong(long)}, which rejects the raw draws that
 * would make its remainder uneven, so they carry no modulo bias. The output is only as unpredictable as the
 * generator: production passes a {@code new SecureRandom()}; tests pass a seeded {@code SHA1PRNG} for
 * repeatable draws.</li>
 * <li>Running time varies with the value drawn (expected a few dozen random draws). It matters only where an
 * attacker can time individual samples, which a batch release does not allow.</li>
 * </ul>
 * The only state is the generator, so an instance is as thread-safe as its generator ({@link SecureRandom} is).
 */
public final class DiscreteLaplace {

    /** Bit length limit of the scale's numerator and denominator; see the class comment. */
    static final int MAX_PARAMETER_BITS = 48;

    /** Decimal places beyond which an epsilon is refused before it is even turned into a fraction. */
    private static final int MAX_EPSILON_SCALE = 18;

    private final BigDecimal epsilon;
    private final long sensitivity;
    /** Scale b = t / s in lowest terms. */
    private final long t;
    private final long s;
    private final SecureRandom random;

    /**
     * @param epsilon     positive; the privacy loss of one release of one noisy value
     * @param sensitivity positive; by how much one person can change the value (in L1)
     * @param random      the randomness; a {@code new SecureRandom()} in production
     */
    public DiscreteLaplace(BigDecimal epsilon, long sensitivity, SecureRandom random) {
        Objects.requireNonNull(epsilon, "epsilon");
        this.random = Objects.requireNonNull(random, "random");
        if (epsilon.signum() <= 0) {
            throw new IllegalArgumentException("epsilon must be positive: " + epsilon);
        }
        if (sensitivity < 1) {
            throw new IllegalArgumentException("sensitivity must be at least 1: " + sensitivity);
        }
        BigDecimal exact = epsilon.stripTrailingZeros();
        if (exact.scale() > MAX_EPSILON_SCALE || exact.scale() < -MAX_EPSILON_SCALE) {
            throw new IllegalArgumentException("epsilon has too many digits for exact sampling: " + epsilon);
        }
        // epsilon = p / q, so b = sensitivity / epsilon = sensitivity * q / p
        BigInteger p = exact.scale() >= 0 ? exact.unscaledValue()
                : exact.unscaledValue().multiply(BigInteger.TEN.pow(-exact.scale()));
        BigInteger q = exact.scale() >= 0 ? BigInteger.TEN.pow(exact.scale()) : BigInteger.ONE;
        BigInteger numerator = q.multiply(BigInteger.valueOf(sensitivity));
        BigInteger gcd = numerator.gcd(p);
        BigInteger reducedT = numerator.divide(gcd);
        BigInteger reducedS = p.divide(gcd);
        if (reducedT.bitLength() > MAX_PARAMETER_BITS || reducedS.bitLength() > MAX_PARAMETER_BITS) {
            throw new IllegalArgumentException("sensitivity / epsilon = " + reducedT + "/" + reducedS
                    + " needs more than " + MAX_PARAMETER_BITS + " bits; give epsilon with fewer digits");
        }
        this.epsilon = epsilon;
        this.sensitivity = sensitivity;
        this.t = reducedT.longValueExact();
        this.s = reducedS.longValueExact();
    }

    /**
     * For callers holding a double: it is read as its shortest decimal form, so {@code 0.1} means one tenth.
     *
     * @throws IllegalArgumentException for NaN, infinite, zero or negative epsilon
     */
    public static DiscreteLaplace forEpsilon(double epsilon, long sensitivity, SecureRandom random) {
        if (Double.isNaN(epsilon) || Double.isInfinite(epsilon) || epsilon <= 0) {
            throw new IllegalArgumentException("epsilon must be a positive finite number: " + epsilon);
        }
        return new DiscreteLaplace(BigDecimal.valueOf(epsilon), sensitivity, random);
    }

    /** One noise value. */
    public long sample() {
        while (true) {
            long u = random.nextLong(t);
            if (!bernoulliExpMinus(u, t)) {
                continue;
            }
            long v = 0;
            while (bernoulliExpMinus(1, 1)) {
                v++;
            }
            long x = Math.addExact(u, Math.multiplyExact(t, v));
            long y = x / s;
            boolean negative = random.nextBoolean();
            if (negative && y == 0) {
                continue;
            }
            return negative ? -y : y;
        }
    }

    public BigDecimal epsilon() {
        return epsilon;
    }

    public long sensitivity() {
        return sensitivity;
    }

    /** The scale {@code b = sensitivity / epsilon}, rounded to a double: for reporting, not for sampling. */
    public double scale() {
        return (double) t / s;
    }

    /** {@code 2q / (1 - q)^2} with {@code q = exp(-1/b)}, as a double: for reporting, not for sampling. */
    public double variance() {
        double q = Math.exp(-(double) s / t);
        return 2 * q / ((1 - q) * (1 - q));
    }

    /** Numerator of the scale in lowest terms (the CKS {@code t}). */
    long scaleNumerator() {
        return t;
    }

    /** Denominator of the scale in lowest terms (the CKS {@code s}). */
    long scaleDenominator() {
        return s;
    }

    /** Bernoulli(exp(-n/d)) for {@code 0 <= n <= d}, exactly (CKS Algorithm 1). */
    private boolean bernoulliExpMinus(long n, long d) {
        long k = 1;
        while (bernoulli(n, d) && bernoulli(1, k)) {
            k++;
        }
        return k % 2 == 1;
    }

    /** Bernoulli(n/d) for {@code 0 <= n <= d}: a uniform integer below d is below n. */
    private boolean bernoulli(long n, long d) {
        return n >= d || (n > 0 && random.nextLong(d) < n);
    }
}
