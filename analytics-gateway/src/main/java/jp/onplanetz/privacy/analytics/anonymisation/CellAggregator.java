package jp.onplanetz.privacy.analytics.anonymisation;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns one window's contributions, (person pseudonym, cell) pairs, into a release of noisy distinct-person
 * counts. Pure: no clock, no database; the caller brings the window and the randomness.
 * <ol>
 * <li><b>At most once per cell</b>: a person counts once in a cell however many events they had there.</li>
 * <li><b>At most L cells per person</b>: beyond L, a person's cells are put in a canonical order and the first L
 * kept. The order sorts the person's cells by {@code SHA-256(person, cell)}. It is deterministic, so the same
 * window always gives the same counts before noise; it depends on nothing but the person's own contributions,
 * which the sensitivity argument below needs; and it differs from person to person, so no cell is
 * systematically favoured, as the alphabetically first cells would be.</li>
 * <li><b>Suppression</b>: a cell with fewer than k distinct people is not released; only how many cells were
 * suppressed is, never which or their counts.</li>
 * <li><b>Noise</b>: each released count gets {@link DiscreteLaplace} noise with sensitivity L and the release's
 * epsilon. Sensitivity L because adding or removing one person changes at most L cells, each by exactly 1, so
 * the counts move by at most L in total (L1); noise of scale L/epsilon on every cell then makes the whole
 * release epsilon-differentially private. Noise is drawn for the released cells in ascending cell order, one
 * sample each.</li>
 * <li><b>Clamping</b>: a noisy count below 0 is released as 0. This is post-processing of a private value, so
 * it costs no privacy, and a negative count would only confuse readers.</li>
 * </ol>
 * Caveat, for the owner: the suppression decision reads the true count, so whether a cell near k
 * appears at all, and the number of suppressed cells, are not covered by the noise; formally the release is
 * epsilon-DP only for the cells' values given which cells are released. Thresholding the noisy count instead
 * would turn this into (epsilon, delta)-DP, at the price of cells under k sometimes appearing; the issue asks
 * for the threshold on the true number of people, and this class does that.
 * <p>
 * A window must be pseudonymised under one key version: the same person under two versions would count as two
 * people and escape both bounds, so such a window is refused.
 */
public final class CellAggregator {

    /**
     * The default L. The noise's standard deviation is about {@code 1.4 * L / epsilon}; with L = 5 and epsilon =
     * 1 that is 7, within 15% of the smallest count that can be released (50), while a person can still appear
     * in several breakdowns of one window. A report whose people touch more cells should choose its own L.
     */
    public static final int DEFAULT_MAX_CELLS_PER_PERSON = 5;
    public static final int DEFAULT_MINIMUM_PEOPLE_PER_CELL = 50;
    /** Below this the suppression is too weak to keep regardless of noise; refused. */
    public static final int LOWEST_MINIMUM_PEOPLE_PER_CELL = 11;

    /** One event's share of a window: who (a pseudonym) was counted in which cell. */
    public record Contribution(String person, String cell) {
        public Contribution {
            if (person == null || person.isEmpty() || cell == null || cell.isEmpty()) {
                throw new IllegalArgumentException("a contribution needs a person and a cell");
            }
        }
    }

    /**
     * What may leave the gateway for one window.
     *
     * @param cells                noisy counts of the released cells, by cell, in ascending cell order
     * @param suppressedCells      how many cells had fewer than {@code minimumPeoplePerCell} people
     * @param epsilon              what this release costs the recipient's budget
     * @param maxCellsPerPerson    L, the sensitivity of the counts
     * @param minimumPeoplePerCell k, the suppression threshold
     */
    public record Release(SortedMap<String, Long> cells, int suppressedCells, BigDecimal epsilon,
                          int maxCellsPerPerson, int minimumPeoplePerCell) {
        public Release {
            cells = Collections.unmodifiableSortedMap(new TreeMap<>(cells));
        }
    }

    private final int maxCellsPerPerson;
    private final int minimumPeoplePerCell;
    private final SecureRandom random;

    /**
     * @param maxCellsPerPerson    L, at least 1
     * @param minimumPeoplePerCell k, at least {@value #LOWEST_MINIMUM_PEOPLE_PER_CELL}
     * @param random               the noise's randomness; a {@code new SecureRandom()} in production
     */
    public CellAggregator(int maxCellsPerPerson, int minimumPeoplePerCell, SecureRandom random) {
        if (maxCellsPerPerson < 1) {
            throw new IllegalArgumentException("L must be at least 1: " + maxCellsPerPerson);
        }
        if (minimumPeoplePerCell < LOWEST_MINIMUM_PEOPLE_PER_CELL) {
            throw new IllegalArgumentException("k must be at least " + LOWEST_MINIMUM_PEOPLE_PER_CELL + ": "
                    + minimumPeoplePerCell);
        }
        this.maxCellsPerPerson = maxCellsPerPerson;
        this.minimumPeoplePerCell = minimumPeoplePerCell;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** L = {@value #DEFAULT_MAX_CELLS_PER_PERSON}, k = {@value #DEFAULT_MINIMUM_PEOPLE_PER_CELL}. */
    public static CellAggregator withDefaults(SecureRandom random) {
        return new CellAggregator(DEFAULT_MAX_CELLS_PER_PERSON, DEFAULT_MINIMUM_PEOPLE_PER_CELL, random);
    }

    /**
     * @param window  every contribution of one window, in any order
     * @param epsilon the release's privacy loss, positive; check it against the {@link PrivacyBudget} first
     * @throws IllegalArgumentException if the pseudonyms carry more than one key version, or epsilon is not
     *                                  positive
     */
    public Release release(List<Contribution> window, BigDecimal epsilon) {
        return releaseCounts(trueCounts(window), epsilon);
    }

    /**
     * Suppression and noise over true distinct-person counts that were bounded elsewhere: the door applies both
     * per-person bounds as events come in ({@link #keepsCell}) and the statistics topology sums the counts over every
     * source; this takes those totals.
     *
     * @param trueCounts distinct people per cell, each person at most once per cell and in at most L cells
     */
    public Release releaseCounts(SortedMap<String, ? extends Number> trueCounts, BigDecimal epsilon) {
        DiscreteLaplace noise = new DiscreteLaplace(epsilon, maxCellsPerPerson, random);
        SortedMap<String, Long> released = new TreeMap<>();
        int suppressed = 0;
        for (Map.Entry<String, ? extends Number> cell : trueCounts.entrySet()) {
            if (cell.getValue().longValue() < minimumPeoplePerCell) {
                suppressed++;
            } else {
                released.put(cell.getKey(), Math.max(0, cell.getValue().longValue() + noise.sample()));
            }
        }
        return new Release(released, suppressed, epsilon, maxCellsPerPerson, minimumPeoplePerCell);
    }

    /** Distinct people per cell after both per-person bounds, before suppression and noise. */
    SortedMap<String, Integer> trueCounts(List<Contribution> window) {
        SortedMap<String, Integer> counts = new TreeMap<>();
        for (List<String> cells : boundedCells(window).values()) {
            for (String cell : cells) {
                counts.merge(cell, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Each person's cells after both bounds: distinct, at most L, in the canonical order. */
    Map<String, List<String>> boundedCells(List<Contribution> window) {
        Objects.requireNonNull(window, "window");
        Map<String, Set<String>> cellsByPerson = new HashMap<>();
        Set<OptionalInt> keyVersions = new HashSet<>();
        for (Contribution contribution : window) {
            Objects.requireNonNull(contribution, "contribution");
            keyVersions.add(Pseudonymiser.keyVersionOf(contribution.person()));
            cellsByPerson.computeIfAbsent(contribution.person(), person -> new LinkedHashSet<>())
                    .add(contribution.cell());
        }
        if (keyVersions.size() > 1) {
            throw new IllegalArgumentException("the window mixes pseudonyms of different key versions; "
                    + "re-pseudonymise it under one key first");
        }
        Map<String, List<String>> bounded = new HashMap<>();
        for (Map.Entry<String, Set<String>> person : cellsByPerson.entrySet()) {
            bounded.put(person.getKey(), canonicalFirst(person.getKey(), person.getValue()));
        }
        return bounded;
    }

    private List<String> canonicalFirst(String person, Set<String> cells) {
        if (cells.size() <= maxCellsPerPerson) {
            return List.copyOf(cells);
        }
        List<String> ordered = new ArrayList<>(cells);
        ordered.sort(canonicalOrder(person));
        return List.copyOf(ordered.subList(0, maxCellsPerPerson));
    }

    /**
     * The same bound, one event at a time: what a person's kept cells become when one more cell of theirs arrives.
     * Whatever order the cells arrive in, the kept set ends as the first L in the canonical order, so a streaming
     * count equals {@link #release}'s.
     *
     * @param kept the person's kept cells so far (at most {@code maxCellsPerPerson})
     * @return the change: nothing, an added cell, or an added cell and the one it evicted
     */
    public static KeptCellChange keepsCell(String person, List<String> kept, String cell, int maxCellsPerPerson) {
        if (kept.contains(cell)) {
            return new KeptCellChange(List.copyOf(kept), null, null);
        }
        List<String> next = new ArrayList<>(kept);
        next.add(cell);
        if (next.size() <= maxCellsPerPerson) {
            return new KeptCellChange(List.copyOf(next), cell, null);
        }
        next.sort(canonicalOrder(person));
        String evicted = next.remove(next.size() - 1);
        return evicted.equals(cell)
                ? new KeptCellChange(List.copyOf(kept), null, null)
                : new KeptCellChange(List.copyOf(next), cell, evicted);
    }

    /** What {@link #keepsCell} did: {@code added} and {@code evicted} are null when nothing of that kind happened. */
    public record KeptCellChange(List<String> kept, String added, String evicted) {
    }

    private static Comparator<String> canonicalOrder(String person) {
        MessageDigest sha256 = sha256();
        Map<String, byte[]> rank = new HashMap<>();
        // the cell name breaks a tie, which would need a SHA-256 collision
        return Comparator.<String, byte[]>comparing(
                        cell -> rank.computeIfAbsent(cell, c -> sha256.digest(encode(person, c))), Arrays::compareUnsigned)
                .thenComparing(Comparator.naturalOrder());
    }

    /** Length-prefixed, so that ("ab", "c") and ("a", "bc") hash differently. */
    private static byte[] encode(String person, String cell) {
        byte[] p = person.getBytes(StandardCharsets.UTF_8);
        byte[] c = cell.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + p.length + c.length)
                .putInt(p.length).put(p).putInt(c.length).put(c).array();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
