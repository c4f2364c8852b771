package jp.onplanetz.privacy.analytics.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.analytics.service.ReleaseDefinitions;
import jp.onplanetz.privacy.analytics.anonymisation.CellAggregator;
import jp.onplanetz.privacy.analytics.statistics.CountingRule;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.payload.AnalyticsContributionRecorded;
import jp.onplanetz.privacy.events.payload.AnalyticsContributionsRetracted;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The counting of the statistics, on Kafka so that it scales with the partitions of the contributions topic.
 * <ol>
 * <li><b>Per person</b> (the topic is keyed by the person's pseudonym, so all of one person's contributions
 * meet in one task): for every counting rule whose window the event falls in, the person's kept cells of that
 * window are bounded to at most once per cell and at most L cells ({@link CellAggregator#keepsCell}); every
 * change is a +1 or -1 for a cell. A retraction takes back all the person's cells of windows that began before
 * its moment and ignores their later contributions that occurred before it (outbox order is per person, but a
 * contribution produced before a withdrawal may still be in flight after it).</li>
 * <li><b>Per cell</b>: the deltas are repartitioned by cell and summed, so each cell's total is counted once,
 * over every partition and replica, and written to {@code privacy.analytics.cell-totals.v1}.</li>
 * <li><b>Everywhere</b>: every replica reads that topic back as a global table ({@link #TOTALS_STORE}); the
 * release job reads the totals of a window from it, and suppression and noise apply to those totals only.</li>
 * </ol>
 * Exactly-once processing (configured) keeps the per-person state, the deltas and the sums in step through
 * crashes: a +1 is never applied twice nor lost.
 */
@ApplicationScoped
public class StatisticsTopology {

    /** Each person's kept cells: {@code person|definition|windowStart} to a JSON array of cells. */
    public static final String PERSON_CELLS_STORE = "person-cells";
    /** Each retracted person's moment: contributions that occurred before it no longer count. */
    public static final String RETRACTIONS_STORE = "retractions";
    /** The totals, in every replica: cell key to distinct people. */
    public static final String TOTALS_STORE = "cell-totals";

    private static final Logger LOG = Logger.getLogger(StatisticsTopology.class);

    private final Supplier<List<CountingRule>> rules;

    @Inject
    public StatisticsTopology(ReleaseDefinitions definitions) {
        this(definitions::countingRules);
    }

    /** For tests of the topology alone: any source of rules. */
    public StatisticsTopology(Supplier<List<CountingRule>> rules) {
        this.rules = rules;
    }

    @Produces
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PERSON_CELLS_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RETRACTIONS_STORE),
                Serdes.String(), Serdes.Long()));
        builder.stream(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC, Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new PersonCellLimiter(rules), PERSON_CELLS_STORE, RETRACTIONS_STORE)
                .groupByKey(Grouped.with("by-cell", Serdes.String(), Serdes.Long()))
                .reduce(Long::sum, Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("cell-sums")
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream()
                .map((cell, total) -> KeyValue.pair(cell, String.valueOf(total)))
                .to(EventCatalogue.ANALYTICS_CELL_TOTALS.name(), Produced.with(Serdes.String(), Serdes.String()));
        builder.globalTable(EventCatalogue.ANALYTICS_CELL_TOTALS.name(), Consumed.with(Serdes.String(), Serdes.String()),
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(TOTALS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        return builder.build();
    }

    /** Step 1: one person's bounds; forwards (cell key, +1/-1). */
    static final class PersonCellLimiter implements Processor<String, String, String, Long> {

        /** Reads the gateway's own events as their contract records; the cells it keeps are plain string arrays. */
        private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        private static final TypeReference<List<String>> CELLS = new TypeReference<>() {
        };

        private final Supplier<List<CountingRule>> rules;
        private ProcessorContext<String, Long> context;
        private KeyValueStore<String, String> personCells;
        private KeyValueStore<String, Long> retractions;

        PersonCellLimiter(Supplier<List<CountingRule>> rules) {
            this.rules = rules;
        }

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
            this.personCells = context.getStateStore(PERSON_CELLS_STORE);
            this.retractions = context.getStateStore(RETRACTIONS_STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            String type = header(record, CloudEventHeaders.TYPE);
            try {
                if (EventCatalogue.ANALYTICS_CONTRIBUTION_RECORDED.type().equals(type)) {
                    contribution(record, JSON.readValue(record.value(), AnalyticsContributionRecorded.class));
                } else if (EventCatalogue.ANALYTICS_CONTRIBUTIONS_RETRACTED.type().equals(type)) {
                    retraction(record, JSON.readValue(record.value(), AnalyticsContributionsRetracted.class));
                }
                // other types: a later version this code does not know yet; skipped, as consumers must
            } catch (JsonProcessingException | RuntimeException unreadable) {
                // the gateway wrote it through its schema-checking outbox, so this is a bug: skip, never stop counting
                LOG.errorf("statistics: skipped an unreadable %s at offset %s: %s", type,
                        context.recordMetadata().map(m -> m.partition() + "/" + m.offset()).orElse("?"),
                        unreadable.getClass().getSimpleName());
            }
        }

        private void contribution(Record<String, String> record, AnalyticsContributionRecorded c)
                throws JsonProcessingException {
            String person = c.person();
            Instant occurredAt = c.occurredAt().toInstant();
            Long retractedUntil = retractions.get(person);
            if (retractedUntil != null && occurredAt.toEpochMilli() <= retractedUntil) {
                return;
            }
            AnalyticsContributionRecorded.Attributes attributes = c.attributes();
            for (CountingRule rule : rules.get()) {
                Optional<Instant> window = rule.windowOf(occurredAt);
                if (window.isEmpty()) {
                    continue;
                }
                String cell = cell(rule, attributes);
                String stateKey = person + CountingRule.KEY_SEPARATOR + rule.windowPrefix(window.get());
                String held = personCells.get(stateKey);
                List<String> kept = held == null ? List.of() : JSON.readValue(held, CELLS);
                CellAggregator.KeptCellChange change = CellAggregator.keepsCell(person, kept, cell,
                        rule.maxCellsPerPerson());
                if (change.added() == null) {
                    continue;
                }
                personCells.put(stateKey, JSON.writeValueAsString(change.kept()));
                context.forward(record.withKey(rule.cellKey(window.get(), change.added())).withValue(1L));
                if (change.evicted() != null) {
                    context.forward(record.withKey(rule.cellKey(window.get(), change.evicted())).withValue(-1L));
                }
            }
        }

        private void retraction(Record<String, String> record, AnalyticsContributionsRetracted r)
                throws JsonProcessingException {
            String person = r.person();
            long until = r.until().toInstant().toEpochMilli();
            Long earlier = retractions.get(person);
            retractions.put(person, earlier == null ? until : Math.max(earlier, until));
            List<String> taken = new ArrayList<>();
            try (KeyValueIterator<String, String> held = personCells.prefixScan(
                    person + CountingRule.KEY_SEPARATOR, new StringSerializer())) {
                while (held.hasNext()) {
                    KeyValue<String, String> entry = held.next();
                    // key: person|definition|windowStart|
                    String windowPrefix = entry.key.substring(person.length() + 1);
                    long windowStart = Long.parseLong(windowPrefix.split("\\|")[1]);
                    if (windowStart > until) {
                        continue;
                    }
                    for (String cell : JSON.readValue(entry.value, CELLS)) {
                        context.forward(record.withKey(windowPrefix + cell).withValue(-1L));
                    }
                    taken.add(entry.key);
                }
            }
            taken.forEach(personCells::delete);
        }

        /** The cell: the rule's attributes in its order, as a JSON array (a missing attribute is null). */
        static String cell(CountingRule rule, AnalyticsContributionRecorded.Attributes attributes) {
            ArrayNode values = JSON.createArrayNode();
            for (String dimension : rule.dimensions()) {
                values.add(attributes == null ? null : attributes.of(dimension));
            }
            return values.toString();
        }

        private static String header(Record<String, String> record, String name) {
            Header header = record.headers().lastHeader(name);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }
}
