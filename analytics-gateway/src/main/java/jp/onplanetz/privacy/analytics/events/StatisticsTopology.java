package jp.onplanetz.privacy.analytics.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jp.onplanetz.privacy.analytics.statistics.CountingRule;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.payload.AnalyticsCellPartialCounted;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import java.io.IOException;

/**
 * The sum of the statistics over every source. The door counts (ContributionCounter: the per-person bounds are
 * applied there, in the transaction that stores the events) and publishes each source's partial count of a cell as
 * an absolute value; this only adds them up.
 * <ol>
 * <li><b>Partials</b>: the partials topic read as a table, the latest value per partial key (cell and source), so a
 * resent value replaces rather than adds.</li>
 * <li><b>Per cell</b>: the table grouped by cell and summed; a changed partial takes its old value out and puts its
 * new one in, so each cell's total counts every source once, and is written to
 * {@code privacy.analytics.cell-totals.v1}.</li>
 * <li><b>Everywhere</b>: every replica reads that topic back as a global table ({@link #TOTALS_STORE}); the release
 * job reads the totals of a window from it, and suppression and noise apply to those totals only.</li>
 * </ol>
 * Exactly-once processing (configured) keeps the partials, the sums and the totals in step through crashes.
 */
@ApplicationScoped
public class StatisticsTopology {

    /** The latest partial count of every cell and source. */
    public static final String PARTIALS_STORE = "cell-partials";
    /** The totals, in every replica: cell key to distinct people. */
    public static final String TOTALS_STORE = "cell-totals";

    private static final Logger LOG = Logger.getLogger(StatisticsTopology.class);
    /** Reads the gateway's own events as their contract records; one lacking a field is unreadable, not zero. */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .build();

    @Produces
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table(EventCatalogue.ANALYTICS_CELL_PARTIALS_TOPIC, Consumed.with(Serdes.String(), Serdes.String()),
                        Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(PARTIALS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
                .mapValues(StatisticsTopology::partial)
                .groupBy((partialKey, partial) -> KeyValue.pair(CountingRule.cellKey(partial.definitionId(),
                                partial.windowStart().toInstant(), partial.cell()), partial.people()),
                        Grouped.with("by-cell", Serdes.String(), Serdes.Long()))
                .reduce(Long::sum, (total, old) -> total - old,
                        Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("cell-sums")
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream()
                .process(WithoutHeaders::new)
                .map((cell, total) -> KeyValue.pair(cell, String.valueOf(total)))
                .to(EventCatalogue.ANALYTICS_CELL_TOTALS.name(), Produced.with(Serdes.String(), Serdes.String()));
        builder.globalTable(EventCatalogue.ANALYTICS_CELL_TOTALS.name(), Consumed.with(Serdes.String(), Serdes.String()),
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(TOTALS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        return builder.build();
    }

    /**
     * A partial as its contract record; null (no partial: the table drops it from the sums) for one that cannot be
     * read, which the gateway's schema-checking outbox never writes, so a bug: skipped, never stopping the sums.
     */
    private static AnalyticsCellPartialCounted partial(String partialKey, String value) {
        try {
            return JSON.readValue(value, AnalyticsCellPartialCounted.class);
        } catch (IOException | RuntimeException unreadable) {
            LOG.errorf("statistics: skipped an unreadable partial of %s: %s", partialKey,
                    unreadable.getClass().getSimpleName());
            return null;
        }
    }

    /**
     * Kafka Streams carries the headers of the partial that changed a sum over to the total it writes; the totals are
     * plain values (the catalogue lists no event type for their topic), so the partial's CloudEvents headers must not
     * make them look like events.
     */
    static final class WithoutHeaders implements Processor<String, Long, String, Long> {

        private ProcessorContext<String, Long> context;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, Long> total) {
            context.forward(total.withHeaders(new RecordHeaders()));
        }
    }
}
