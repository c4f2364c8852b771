package jp.onplanetz.privacy.analytics.statistics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jp.onplanetz.privacy.events.payload.AnalyticsContributionRecorded;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the counting needs of one release definition: which attributes make a cell, how time is cut into
 * windows, and L. Pure, so the topology and the release job cut windows the same way.
 *
 * @param dimensions        the contribution attributes that make a cell, in the order the cells list them
 * @param windowLength      the length of each window; windows start at {@code startsAt} and follow without gaps
 * @param retiredAt         from this moment on nothing more is counted (null while the definition is active)
 * @param maxCellsPerPerson L: a person counts in at most this many cells of one window
 */
public record CountingRule(UUID definitionId, List<String> dimensions, Duration windowLength, Instant startsAt,
        Instant retiredAt, int maxCellsPerPerson) {

    /** Separates definition, window and cell in the keys of the counts; no attribute value contains it. */
    public static final char KEY_SEPARATOR = '|';

    public CountingRule {
        dimensions = List.copyOf(dimensions);
        if (dimensions.isEmpty() || windowLength.isZero() || windowLength.isNegative() || maxCellsPerPerson < 1) {
            throw new IllegalArgumentException("a counting rule needs dimensions, a positive window and L >= 1");
        }
    }

    /** The start of the window an event at {@code at} falls in, if the definition counts events at that time. */
    public Optional<Instant> windowOf(Instant at) {
        if (at.isBefore(startsAt) || (retiredAt != null && !at.isBefore(retiredAt))) {
            return Optional.empty();
        }
        long length = windowLength.toMillis();
        long index = Math.floorDiv(at.toEpochMilli() - startsAt.toEpochMilli(), length);
        return Optional.of(startsAt.plusMillis(index * length));
    }

    /** Where the counts of one window of this definition start: every cell key of the window begins with it. */
    public String windowPrefix(Instant windowStart) {
        return windowPrefix(definitionId, windowStart);
    }

    public String cellKey(Instant windowStart, String cell) {
        return cellKey(definitionId, windowStart, cell);
    }

    /** The key of a cell's total: definition, window start (epoch milliseconds) and cell. */
    public static String cellKey(UUID definitionId, Instant windowStart, String cell) {
        return windowPrefix(definitionId, windowStart) + cell;
    }

    /** The key of one source's partial count of a cell: the cell's key and the source. */
    public static String partialKey(UUID definitionId, Instant windowStart, String cell, String source) {
        return cellKey(definitionId, windowStart, cell) + KEY_SEPARATOR + source;
    }

    private static String windowPrefix(UUID definitionId, Instant windowStart) {
        return definitionId.toString() + KEY_SEPARATOR + windowStart.toEpochMilli() + KEY_SEPARATOR;
    }

    /** The cell an event with these attributes counts in: the rule's attributes in its order, as a JSON array. */
    public String cell(AnalyticsContributionRecorded.Attributes attributes) {
        ArrayNode values = JsonNodeFactory.instance.arrayNode(dimensions.size());
        for (String dimension : dimensions) {
            values.add(attributes.of(dimension));
        }
        return values.toString();
    }
}
