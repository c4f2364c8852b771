package jp.onplanetz.privacy.analytics.anonymisation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DiscreteLaplaceTest {

    private static final int DRAWS = 200_000;

    /** The exact pmf: (1 - q) / (1 + q) * q^|k| with q = exp(-1/b). */
    static double pmf(long k, double scale) {
        double q = Math.exp(-1 / scale);
        return (1 - q) / (1 + q) * Math.pow(q, Math.abs(k));
    }

    static double theoreticalVariance(double scale) {
        double q = Math.exp(-1 / scale);
        return 2 * q / ((1 - q) * (1 - q));
    }

    /**
     * Upper 0.1% point of chi-square with {@code df} degrees of freedom, by the Wilson-Hilferty approximation
     * (within a fraction of a percent for the df used here).
     */
    static double chiSquareCritical999(int df) {
        double z = 3.090232;
        double a = 2.0 / (9 * df);
        return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }

    private static Map<Long, Integer> histogram(DiscreteLaplace noise, int draws) {
        Map<Long, Integer> counts = new TreeMap<>();
        for (int i = 0; i < draws; i++) {
            counts.merge(noise.sample(), 1, Integer::sum);
        }
        return counts;
    }

    @ParameterizedTest(name = "epsilon {0}, sensitivity {1}")
    @CsvSource({"1, 1", "0.5, 1", "2, 1", "0.3, 5", "1, 5"})
    void drawsFitTheExactPmfByChiSquare(String epsilon, int sensitivity) {
        DiscreteLaplace noise = new DiscreteLaplace(new BigDecimal(epsilon), sensitivity,
                Seeded.random("chi-square " + epsilon + "/" + sensitivity));
        double scale = sensitivity / Double.parseDouble(epsilon);
        Map<Long, Integer> observed = histogram(noise, DRAWS);

        // bins |k| <= K while every bin expects at least 5; the two tails beyond K pooled into one bin
        long limit = 0;
        while (DRAWS * pmf(limit + 1, scale) >= 5) {
            limit++;
        }
        double chiSquare = 0;
        double expectedInside = 0;
        long observedInside = 0;
        for (long k = -limit; k <= limit; k++) {
            double expected = DRAWS * pmf(k, scale);
            int seen = observed.getOrDefault(k, 0);
            chiSquare += (seen - expected) * (seen - expected) / expected;
            expectedInside += expected;
            observedInside += seen;
        }
        double expectedTails = DRAWS - expectedInside;
        long observedTails = DRAWS - observedInside;
        int bins = (int) (2 * limit + 1);
        if (expectedTails >= 5) {
            chiSquare += (observedTails - expectedTails) * (observedTails - expectedTails) / expectedTails;
            bins++;
        }

        assertThat(bins).as("enough bins for a meaningful test").isGreaterThanOrEqualTo(5);
        assertThat(chiSquare).as("chi-square over %d bins", bins).isLessThan(chiSquareCritical999(bins - 1));
    }

    @ParameterizedTest(name = "epsilon {0}, sensitivity {1}")
    @CsvSource({"1, 1", "0.5, 1", "0.3, 5"})
    void theMeanIsZeroAndTheVarianceIsTwoQOverOneMinusQSquared(String epsilon, int sensitivity) {
        DiscreteLaplace noise = new DiscreteLaplace(new BigDecimal(epsilon), sensitivity,
                Seeded.random("moments " + epsilon + "/" + sensitivity));
        double scale = sensitivity / Double.parseDouble(epsilon);
        double variance = theoreticalVariance(scale);

        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < DRAWS; i++) {
            long x = noise.sample();
            sum += x;
            sumOfSquares += (double) x * x;
        }
        double mean = sum / DRAWS;
        double sampleVariance = sumOfSquares / DRAWS - mean * mean;

        // five standard errors of the mean; the sample variance's own relative error is about 0.6% here
        assertThat(mean).isCloseTo(0, within(5 * Math.sqrt(variance / DRAWS)));
        assertThat(sampleVariance).isCloseTo(variance, within(0.03 * variance));
        assertThat(noise.variance()).isCloseTo(variance, within(1e-9 * variance));
    }

    @Test
    void theDistributionIsSymmetric() {
        DiscreteLaplace noise = new DiscreteLaplace(new BigDecimal("0.5"), 1, Seeded.random("symmetry"));
        Map<Long, Integer> observed = histogram(noise, DRAWS);

        long positive = observed.entrySet().stream().filter(e -> e.getKey() > 0).mapToLong(Map.Entry::getValue).sum();
        long negative = observed.entrySet().stream().filter(e -> e.getKey() < 0).mapToLong(Map.Entry::getValue).sum();
        // under symmetry each is Binomial(positive + negative, 1/2): allow five standard deviations
        assertThat((double) positive - negative).isCloseTo(0, within(5 * Math.sqrt(positive + negative)));
        for (long k = 1; k <= 6; k++) {
            int up = observed.getOrDefault(k, 0);
            int down = observed.getOrDefault(-k, 0);
            assertThat((double) up - down).as("k = %d", k).isCloseTo(0, within(5 * Math.sqrt(up + down)));
        }
    }

    @Test
    void zeroIsNotDrawnTwiceAsOftenAsItShould() {
        // the sign step's rejection of -0 is what keeps P(0) = (1 - q) / (1 + q)
        DiscreteLaplace noise = new DiscreteLaplace(BigDecimal.ONE, 1, Seeded.random("zero"));
        long zeros = histogram(noise, DRAWS).getOrDefault(0L, 0);
        double p0 = pmf(0, 1);

        assertThat((double) zeros).isCloseTo(DRAWS * p0, within(5 * Math.sqrt(DRAWS * p0 * (1 - p0))));
    }

    @Test
    void theSameSeedGivesTheSameDrawsAndAnotherSeedOthers() {
        List<Long> first = draws(Seeded.random("repeat"), 1000);
        List<Long> second = draws(Seeded.random("repeat"), 1000);
        List<Long> other = draws(Seeded.random("another"), 1000);

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    private static List<Long> draws(SecureRandom random, int n) {
        DiscreteLaplace noise = new DiscreteLaplace(BigDecimal.ONE, 1, random);
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(noise.sample());
        }
        return values;
    }

    @Test
    void aLargeEpsilonGivesAlmostNoNoise() {
        // P(non-zero) = 2q / (1 + q) with q = exp(-20), about 4e-9 per draw
        DiscreteLaplace noise = new DiscreteLaplace(new BigDecimal("20"), 1, Seeded.random("quiet"));
        assertThat(histogram(noise, 10_000)).containsOnlyKeys(0L);
    }

    @ParameterizedTest(name = "epsilon {0}, sensitivity {1} -> b = {2}/{3}")
    @CsvSource({"1, 1, 1, 1", "0.1, 5, 50, 1", "0.3, 5, 50, 3", "2.50, 1, 2, 5", "1E+1, 1, 1, 10",
            "0.125, 3, 24, 1", "0.000001, 1, 1000000, 1", "0.123456789012, 1, 250000000000, 30864197253"})
    void theScaleIsSensitivityOverEpsilonAsAReducedFraction(String epsilon, int sensitivity, long t, long s) {
        DiscreteLaplace noise = new DiscreteLaplace(new BigDecimal(epsilon), sensitivity, new SecureRandom());

        assertThat(noise.scaleNumerator()).isEqualTo(t);
        assertThat(noise.scaleDenominator()).isEqualTo(s);
        assertThat(noise.scale()).isCloseTo(sensitivity / new BigDecimal(epsilon).doubleValue(), within(1e-9));
    }

    @Test
    void aDoubleEpsilonIsReadAsItsShortestDecimal() {
        DiscreteLaplace noise = DiscreteLaplace.forEpsilon(0.1, 1, new SecureRandom());

        assertThat(noise.epsilon()).isEqualByComparingTo("0.1");
        assertThat(noise.scaleNumerator()).isEqualTo(10);
        assertThat(noise.scaleDenominator()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            -Double.MIN_VALUE})
    void aNonPositiveOrNonFiniteEpsilonIsRefused(double epsilon) {
        assertThatThrownBy(() -> DiscreteLaplace.forEpsilon(epsilon, 1, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.000", "-0.5", "-1E+3"})
    void aNonPositiveDecimalEpsilonIsRefused(String epsilon) {
        assertThatThrownBy(() -> new DiscreteLaplace(new BigDecimal(epsilon), 1, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void aSensitivityBelowOneIsRefused() {
        assertThatThrownBy(() -> new DiscreteLaplace(BigDecimal.ONE, 0, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DiscreteLaplace(BigDecimal.ONE, -1, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEpsilonTooPreciseForExactSamplingIsRefusedRatherThanRounded() {
        // 1/3 as a double is 0.3333333333333333: a denominator of 10^16, beyond 2^48
        assertThatThrownBy(() -> DiscreteLaplace.forEpsilon(1.0 / 3, 1, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer digits");
        assertThatThrownBy(() -> new DiscreteLaplace(new BigDecimal("1E-30"), 1, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too many digits");
        assertThatThrownBy(() -> new DiscreteLaplace(new BigDecimal("1E+30"), 1, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
