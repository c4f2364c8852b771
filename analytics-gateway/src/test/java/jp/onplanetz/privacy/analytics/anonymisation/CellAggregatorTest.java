package jp.onplanetz.privacy.analytics.anonymisation;

import jp.onplanetz.privacy.analytics.anonymisation.CellAggregator.Contribution;
import jp.onplanetz.privacy.analytics.anonymisation.CellAggregator.Release;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CellAggregatorTest {

    private static final BigDecimal EPSILON = new BigDecimal("0.5");

    /** {@code people} distinct people, each contributing {@code eventsEach} times to {@code cell}. */
    private static List<Contribution> cell(String cell, int people, int eventsEach) {
        List<Contribution> contributions = new ArrayList<>();
        for (int person = 0; person < people; person++) {
            for (int event = 0; event < eventsEach; event++) {
                contributions.add(new Contribution(cell + "-person-" + person, cell));
            }
        }
        return contributions;
    }

    @SafeVarargs
    private static List<Contribution> concat(List<Contribution>... parts) {
        List<Contribution> all = new ArrayList<>();
        for (List<Contribution> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    @Test
    void aCellOfTenPeopleNeverAppearsWhateverTheNoise() {
        List<Contribution> window = concat(cell("small", 10, 1), cell("large", 200, 1));

        for (int i = 0; i < 200; i++) {
            // a tiny epsilon: noise large enough to lift 10 far above 50, were it ever added
            Release release = new CellAggregator(1, 50, Seeded.random("small " + i))
                    .release(window, new BigDecimal("0.01"));

            assertThat(release.cells()).doesNotContainKey("small").containsKey("large");
            assertThat(release.suppressedCells()).isEqualTo(1);
        }
    }

    @Test
    void manyEventsOfFewPeopleDoNotLiftACellOverTheThreshold() {
        // ten people with twenty events each: 200 events, still 10 people
        Release release = CellAggregator.withDefaults(Seeded.random("repeat")).release(cell("busy", 10, 20), EPSILON);

        assertThat(release.cells()).isEmpty();
        assertThat(release.suppressedCells()).isEqualTo(1);
    }

    @Test
    void aCellOfExactlyKPeopleAppearsAndOneOfKMinusOneDoesNot() {
        List<Contribution> window = concat(cell("exactly-k", 50, 2), cell("one-short", 49, 2));

        Release release = CellAggregator.withDefaults(Seeded.random("k")).release(window, EPSILON);

        assertThat(release.cells()).containsOnlyKeys("exactly-k");
        assertThat(release.suppressedCells()).isEqualTo(1);
        assertThat(release.minimumPeoplePerCell()).isEqualTo(50);
    }

    @Test
    void theReleaseCarriesNoTraceOfASuppressedCellButItsNumber() {
        List<Contribution> window = concat(cell("a", 12, 1), cell("b", 30, 1), cell("c", 80, 1), cell("d", 7, 1));

        Release release = new CellAggregator(1, 50, Seeded.random("trace")).release(window, EPSILON);

        assertThat(release.cells()).containsOnlyKeys("c");
        assertThat(release.suppressedCells()).isEqualTo(3);
        // nothing else travels with a release: the released cells, the suppressed count, the parameters
        assertThat(Release.class.getRecordComponents()).extracting(RecordComponent::getName)
                .containsExactly("cells", "suppressedCells", "epsilon", "maxCellsPerPerson", "minimumPeoplePerCell");
        assertThat(release.toString()).doesNotContain("person", "a=", "b=", "d=");
    }

    @Test
    void kBelowElevenIsRefusedAndElevenIsAllowed() {
        assertThatThrownBy(() -> new CellAggregator(1, 10, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 11");
        assertThatThrownBy(() -> new CellAggregator(1, 0, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);

        Release release = new CellAggregator(1, 11, Seeded.random("eleven"))
                .release(concat(cell("eleven", 11, 1), cell("ten", 10, 1)), EPSILON);
        assertThat(release.cells()).containsOnlyKeys("eleven");
    }

    @Test
    void lBelowOneIsRefused() {
        assertThatThrownBy(() -> new CellAggregator(0, 50, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultsAreLFiveAndKFifty() {
        Release release = CellAggregator.withDefaults(Seeded.random("defaults")).release(List.of(), EPSILON);

        assertThat(release.maxCellsPerPerson()).isEqualTo(5);
        assertThat(release.minimumPeoplePerCell()).isEqualTo(50);
        assertThat(release.cells()).isEmpty();
        assertThat(release.suppressedCells()).isZero();
        assertThat(release.epsilon()).isEqualByComparingTo(EPSILON);
    }

    @Test
    void aPersonCountsAtMostOncePerCell() {
        CellAggregator aggregator = new CellAggregator(3, 11, new SecureRandom());
        List<Contribution> window = List.of(new Contribution("p", "x"), new Contribution("p", "x"),
                new Contribution("p", "y"), new Contribution("q", "x"));

        assertThat(aggregator.trueCounts(window)).containsExactly(Map.entry("x", 2), Map.entry("y", 1));
    }

    @Test
    void aPersonCountsInAtMostLCells() {
        CellAggregator aggregator = new CellAggregator(3, 11, new SecureRandom());
        List<Contribution> window = new ArrayList<>();
        for (int cell = 0; cell < 10; cell++) {
            window.add(new Contribution("busy", "cell-" + cell));
            window.add(new Contribution("busy", "cell-" + cell));
        }
        window.add(new Contribution("quiet", "cell-0"));

        Map<String, List<String>> bounded = aggregator.boundedCells(window);

        assertThat(bounded.get("busy")).hasSize(3).doesNotHaveDuplicates().allMatch(c -> c.startsWith("cell-"));
        assertThat(bounded.get("quiet")).containsExactly("cell-0");
        assertThat(aggregator.trueCounts(window).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
    }

    @Test
    void whichCellsAreKeptDependsOnlyOnThePersonsOwnContributionsNotOnOrderOrOthers() {
        CellAggregator aggregator = new CellAggregator(2, 11, new SecureRandom());
        List<Contribution> mine = new ArrayList<>();
        for (int cell = 0; cell < 8; cell++) {
            mine.add(new Contribution("me", "cell-" + cell));
        }
        List<String> kept = aggregator.boundedCells(mine).get("me");

        List<Contribution> shuffled = new ArrayList<>(mine);
        Collections.shuffle(shuffled, new Random(7));
        List<Contribution> withOthers = new ArrayList<>(shuffled);
        for (int other = 0; other < 100; other++) {
            withOthers.add(new Contribution("other-" + other, "cell-" + (other % 8)));
        }

        assertThat(aggregator.boundedCells(shuffled).get("me")).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(aggregator.boundedCells(withOthers).get("me")).containsExactlyInAnyOrderElementsOf(kept);
    }

    @Test
    void theCanonicalOrderFavoursNoCell() {
        // 10,000 people each in the same 10 cells with L = 1: each cell should be kept by about a tenth
        CellAggregator aggregator = new CellAggregator(1, 11, new SecureRandom());
        List<Contribution> window = new ArrayList<>();
        for (int person = 0; person < 10_000; person++) {
            for (int cell = 0; cell < 10; cell++) {
                window.add(new Contribution("person-" + person, "cell-" + cell));
            }
        }

        SortedMap<String, Integer> counts = aggregator.trueCounts(window);

        assertThat(counts).hasSize(10);
        // Binomial(10000, 0.1): standard deviation 30; allow five
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(850, 1150));
    }

    @Test
    void removingOnePersonChangesTheTrueCountsByAtMostLInTotal() {
        int l = 3;
        CellAggregator aggregator = new CellAggregator(l, 11, new SecureRandom());
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            List<Contribution> window = new ArrayList<>();
            for (int event = 0; event < 2000; event++) {
                window.add(new Contribution("person-" + random.nextInt(100), "cell-" + random.nextInt(20)));
            }
            String removed = "person-" + random.nextInt(100);
            List<Contribution> without = window.stream().filter(c -> !c.person().equals(removed)).toList();

            Map<String, Integer> with = aggregator.trueCounts(window);
            Map<String, Integer> after = aggregator.trueCounts(without);
            int distance = 0;
            for (String cell : with.keySet()) {
                distance += Math.abs(with.get(cell) - after.getOrDefault(cell, 0));
            }
            assertThat(distance).as("round %d", round).isLessThanOrEqualTo(l);
        }
    }

    @Test
    void eachReleasedCellGetsOneDrawOfNoiseWithScaleLOverEpsilonInCellOrder() {
        int l = 4;
        List<Contribution> window = concat(cell("b", 60, 1), cell("a", 70, 3), cell("c", 5, 1), cell("d", 90, 1));
        Release release = new CellAggregator(l, 50, Seeded.random("same stream")).release(window, EPSILON);

        // the same seed, the same distribution (sensitivity L, the release's epsilon), the released cells in order
        DiscreteLaplace noise = new DiscreteLaplace(EPSILON, l, Seeded.random("same stream"));
        Map<String, Long> expected = new TreeMap<>();
        expected.put("a", Math.max(0, 70 + noise.sample()));
        expected.put("b", Math.max(0, 60 + noise.sample()));
        expected.put("d", Math.max(0, 90 + noise.sample()));

        assertThat(release.cells()).containsExactlyEntriesOf(expected);
        assertThat(release.suppressedCells()).isEqualTo(1);
    }

    @Test
    void theNoiseHasMeanZeroAndTheVarianceOfScaleLOverEpsilon() {
        int l = 5;
        BigDecimal epsilon = BigDecimal.ONE;
        List<Contribution> window = cell("only", 200, 1);
        CellAggregator aggregator = new CellAggregator(l, 50, Seeded.random("variance"));

        int releases = 10_000;
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < releases; i++) {
            long error = aggregator.release(window, epsilon).cells().get("only") - 200;
            sum += error;
            sumOfSquares += (double) error * error;
        }
        double mean = sum / releases;
        double variance = sumOfSquares / releases - mean * mean;
        double expected = DiscreteLaplaceTest.theoreticalVariance(l / epsilon.doubleValue());

        assertThat(mean).isCloseTo(0, within(5 * Math.sqrt(expected / releases)));
        // the sample variance's relative standard error is about sqrt(5 / 10000) = 2.2% here; allow five
        assertThat(variance).isCloseTo(expected, within(0.11 * expected));
        // and not the variance of the wrong sensitivity (scale 1/epsilon: about 1.8)
        assertThat(variance).isGreaterThan(30);
    }

    @Test
    void aNoisyCountBelowZeroIsReleasedAsZero() {
        // b = 5 / 0.01 = 500 against a count of 11: about half the draws would go negative
        CellAggregator aggregator = new CellAggregator(5, 11, Seeded.random("clamp"));
        List<Contribution> window = cell("thin", 11, 1);

        List<Long> values = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            values.add(aggregator.release(window, new BigDecimal("0.01")).cells().get("thin"));
        }
        assertThat(values).allMatch(v -> v >= 0).contains(0L).anyMatch(v -> v > 11);
    }

    @Test
    void aWindowMixingKeyVersionsIsRefused() {
        Pseudonymiser v1 = new Pseudonymiser(KeyRing.of(PseudonymiserTest.key(1, 0)));
        Pseudonymiser v2 = new Pseudonymiser(
                KeyRing.of(PseudonymiserTest.key(1, 0)).rotateTo(PseudonymiserTest.key(2, 7)));
        List<Contribution> window = List.of(
                new Contribution(v1.pseudonymise(IdentifierKind.SUBJECT, "alice"), "x"),
                new Contribution(v2.pseudonymise(IdentifierKind.SUBJECT, "alice"), "x"));

        assertThatThrownBy(() -> CellAggregator.withDefaults(new SecureRandom()).release(window, EPSILON))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key versions");

        List<Contribution> oneVersion = List.of(
                new Contribution(v2.pseudonymise(IdentifierKind.SUBJECT, "alice"), "x"),
                new Contribution(v2.pseudonymise(IdentifierKind.SUBJECT, "bob"), "x"));
        assertThat(CellAggregator.withDefaults(new SecureRandom()).release(oneVersion, EPSILON).suppressedCells())
                .isEqualTo(1);
    }

    @Test
    void aNonPositiveEpsilonIsRefused() {
        CellAggregator aggregator = CellAggregator.withDefaults(new SecureRandom());

        assertThatThrownBy(() -> aggregator.release(List.of(), BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aggregator.release(List.of(), new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aContributionNeedsAPersonAndACell() {
        assertThatThrownBy(() -> new Contribution(null, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Contribution("p", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReleasedCellsCannotBeChanged() {
        Release release = new CellAggregator(1, 11, Seeded.random("immutable"))
                .release(cell("x", 20, 1), EPSILON);

        assertThatThrownBy(() -> release.cells().put("y", 1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new HashMap<>(release.cells())).containsOnlyKeys("x");
    }
}
