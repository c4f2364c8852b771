package jp.onplanetz.privacy.analytics.events;

import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.analytics.statistics.CountingRule;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the totals the statistics topology summed over every partition, from this replica's copy of the global
 * table: the same figures in every replica, whichever released the window.
 */
@ApplicationScoped
public class CellTotals {

    private final KafkaStreams streams;

    public CellTotals(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * The true distinct-person count of every cell of one window that has any; empty while the counting is not
     * running (starting, rebalancing or failed), when no figures may be trusted.
     */
    public Optional<SortedMap<String, Long>> window(CountingRule rule, Instant windowStart) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        ReadOnlyKeyValueStore<String, String> totals = streams.store(StoreQueryParameters.fromNameAndType(
                StatisticsTopology.TOTALS_STORE, QueryableStoreTypes.keyValueStore()));
        String prefix = rule.windowPrefix(windowStart);
        SortedMap<String, Long> cells = new TreeMap<>();
        try (KeyValueIterator<String, String> it = totals.prefixScan(prefix, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, String> cell = it.next();
                long count = Long.parseLong(cell.value);
                // a cell every contributor of which was retracted is no cell at all, not a suppressed one
                if (count > 0) {
                    cells.put(cell.key.substring(prefix.length()), count);
                }
            }
        }
        return Optional.of(cells);
    }
}
