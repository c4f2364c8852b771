package jp.onplanetz.privacy.analytics.anonymisation;

import java.security.SecureRandom;
import java.util.List;
import java.util.SortedMap;

/** The batch computation's counts before suppression, for tests of the streaming count in another package. */
public final class CellAggregatorAccess {

    private CellAggregatorAccess() {
    }

    public static SortedMap<String, Integer> trueCounts(List<CellAggregator.Contribution> window, int maxCellsPerPerson) {
        return new CellAggregator(maxCellsPerPerson, CellAggregator.LOWEST_MINIMUM_PEOPLE_PER_CELL, new SecureRandom())
                .trueCounts(window);
    }
}
