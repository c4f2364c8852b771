package jp.onplanetz.privacy.analytics.statistics;

import jp.onplanetz.privacy.analytics.events.StatisticsTopology;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summing topology alone, with Kafka Streams' test driver (the door's counting and the broker-backed path are
 * tested by ContributionCounterTest): each cell's total is the sum of the latest partial of every source.
 */
class StatisticsTopologyTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final CountingRule RULE = new CountingRule(UUID.randomUUID(), List.of("gender"), DAY, START, null, 5);
    private static final String FEMALE = "[\"female\"]";
    private static final String MALE = "[\"male\"]";

    @TempDir
    Path state;

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> partials;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "statistics-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        driver = new TopologyTestDriver(new StatisticsTopology().topology(), props);
        partials = driver.createInputTopic(EventCatalogue.ANALYTICS_CELL_PARTIALS_TOPIC, new StringSerializer(),
                new StringSerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aCellsTotalIsTheSumOfEverySourcesPartial() {
        partial(START, FEMALE, "usage-events/0", 3);
        partial(START, FEMALE, "usage-events/1", 4);
        partial(START, FEMALE, "http", 1);
        partial(START, MALE, "usage-events/1", 2);

        assertThat(totals(START)).isEqualTo(new TreeMap<>(Map.of(FEMALE, 8L, MALE, 2L)));
    }

    @Test
    void aNewValueOfAPartialReplacesItsOldOneAndAResentValueChangesNothing() {
        partial(START, FEMALE, "usage-events/0", 3);
        partial(START, FEMALE, "usage-events/1", 4);
        partial(START, FEMALE, "usage-events/0", 5);
        partial(START, FEMALE, "usage-events/0", 5);
        assertThat(totals(START)).isEqualTo(new TreeMap<>(Map.of(FEMALE, 9L)));

        // a retraction takes a source's partial down, to zero when nobody is left there
        partial(START, FEMALE, "usage-events/1", 0);
        assertThat(totals(START)).isEqualTo(new TreeMap<>(Map.of(FEMALE, 5L)));
        partial(START, FEMALE, "usage-events/0", 0);
        assertThat(totals(START)).isEmpty();
    }

    @Test
    void eachWindowAndDefinitionIsSummedApart() {
        CountingRule other = new CountingRule(UUID.randomUUID(), List.of("gender"), DAY, START, null, 5);
        partial(START, FEMALE, "usage-events/0", 3);
        partial(START.plus(DAY), FEMALE, "usage-events/0", 7);
        partials.pipeInput(CountingRule.partialKey(other.definitionId(), START, FEMALE, "http"),
                value(other.definitionId(), START, FEMALE, "http", 11));

        assertThat(totals(START)).isEqualTo(new TreeMap<>(Map.of(FEMALE, 3L)));
        assertThat(totals(START.plus(DAY))).isEqualTo(new TreeMap<>(Map.of(FEMALE, 7L)));
    }

    @Test
    void anUnreadableOrIncompletePartialIsSkippedAndSummingGoesOn() {
        partials.pipeInput(CountingRule.partialKey(RULE.definitionId(), START, MALE, "http"), "{not json");
        partials.pipeInput(CountingRule.partialKey(RULE.definitionId(), START, MALE, "usage-events/0"), "{}");
        partials.pipeInput(CountingRule.partialKey(RULE.definitionId(), START, MALE, "usage-events/1"),
                value(RULE.definitionId(), START, MALE, "usage-events/1", 4).replace(",\"people\":4", ""));
        partial(START, FEMALE, "usage-events/0", 2);
        assertThat(totals(START)).isEqualTo(new TreeMap<>(Map.of(FEMALE, 2L)));
    }

    @Test
    void theTotalsCarryNoneOfThePartialsCloudEventsHeaders() {
        TestOutputTopic<String, String> totals = driver.createOutputTopic(EventCatalogue.ANALYTICS_CELL_TOTALS.name(),
                new StringDeserializer(), new StringDeserializer());
        RecordHeaders cloudEvent = new RecordHeaders();
        cloudEvent.add(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0.getBytes(StandardCharsets.UTF_8));
        cloudEvent.add(CloudEventHeaders.TYPE, EventCatalogue.ANALYTICS_CELL_PARTIAL_COUNTED.type()
                .getBytes(StandardCharsets.UTF_8));
        partials.pipeInput(new TestRecord<>(CountingRule.partialKey(RULE.definitionId(), START, FEMALE, "http"),
                value(RULE.definitionId(), START, FEMALE, "http", 3), cloudEvent));

        TestRecord<String, String> total = totals.readRecord();
        assertThat(total.value()).isEqualTo("3");
        assertThat(total.headers().toArray()).isEmpty();
    }

    private void partial(Instant windowStart, String cell, String source, long people) {
        partials.pipeInput(CountingRule.partialKey(RULE.definitionId(), windowStart, cell, source),
                value(RULE.definitionId(), windowStart, cell, source, people));
    }

    private static String value(UUID definition, Instant windowStart, String cell, String source, long people) {
        return """
                {"definitionId":"%s","windowStart":"%s","cell":"%s","source":"%s","people":%d}"""
                .formatted(definition, windowStart, cell.replace("\"", "\\\""), source, people);
    }

    /** The global table's totals of one window, as CellTotals reads them (a cell at zero is no cell). */
    private SortedMap<String, Long> totals(Instant windowStart) {
        KeyValueStore<String, String> store = driver.getKeyValueStore(StatisticsTopology.TOTALS_STORE);
        SortedMap<String, Long> out = new TreeMap<>();
        String prefix = RULE.windowPrefix(windowStart);
        try (KeyValueIterator<String, String> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, String> kv = all.next();
                if (kv.key.startsWith(prefix) && Long.parseLong(kv.value) > 0) {
                    out.put(kv.key.substring(prefix.length()), Long.parseLong(kv.value));
                }
            }
        }
        return out;
    }
}
