package jp.onplanetz.privacy.analytics.statistics;

import jp.onplanetz.privacy.analytics.anonymisation.CellAggregator;
import jp.onplanetz.privacy.analytics.events.StatisticsTopology;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counting topology alone, with Kafka Streams' test driver (the broker-backed path is tested by the release
 * tests): bounds per person, windows, retraction, and the totals in the global table equal to the batch
 * computation of {@link CellAggregator} whatever the order of arrival.
 */
class StatisticsTopologyTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path state;

    private final AtomicReference<List<CountingRule>> rules = new AtomicReference<>(List.of());
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> contributions;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "statistics-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        driver = new TopologyTestDriver(new StatisticsTopology(rules::get).topology(), props);
        contributions = driver.createInputTopic(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC, new StringSerializer(),
                new StringSerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aPersonCountsOnceInACellHoweverManyEventsTheyHad() {
        CountingRule rule = rule(List.of("gender"), 5);
        for (int i = 0; i < 3; i++) {
            contribute("p1:aaaaaaaaaaaaaaaaaaaaaa", START.plusSeconds(60 + i), "female", "30-39");
        }
        contribute("p1:bbbbbbbbbbbbbbbbbbbbbb", START.plusSeconds(90), "female", "40-49");
        contribute("p1:cccccccccccccccccccccc", START.plusSeconds(95), "male", "40-49");

        assertThat(totals(rule, START)).containsExactlyInAnyOrderEntriesOf(
                new TreeMap<>(java.util.Map.of("[\"female\"]", 2L, "[\"male\"]", 1L)));
    }

    @Test
    void eachWindowIsCountedApartAndNothingOutsideTheDefinitionCounts() {
        CountingRule rule = new CountingRule(UUID.randomUUID(), List.of("gender", "ageBand"), DAY, START,
                START.plus(DAY.multipliedBy(2)), 5);
        rules.set(List.of(rule));
        contribute("p1:aaaaaaaaaaaaaaaaaaaaaa", START.minusSeconds(1), "female", "30-39");
        contribute("p1:aaaaaaaaaaaaaaaaaaaaaa", START.plusSeconds(10), "female", "30-39");
        contribute("p1:aaaaaaaaaaaaaaaaaaaaaa", START.plus(DAY).plusSeconds(10), "female", "30-39");
        contribute("p1:bbbbbbbbbbbbbbbbbbbbbb", START.plus(DAY).plusSeconds(20), "female", "30-39");
        contribute("p1:bbbbbbbbbbbbbbbbbbbbbb", START.plus(DAY.multipliedBy(2)), "female", "30-39");

        assertThat(totals(rule, START)).containsExactlyEntriesOf(new TreeMap<>(java.util.Map.of("[\"female\",\"30-39\"]", 1L)));
        assertThat(totals(rule, START.plus(DAY))).containsExactlyEntriesOf(new TreeMap<>(java.util.Map.of("[\"female\",\"30-39\"]", 2L)));
        assertThat(totals(rule, START.plus(DAY.multipliedBy(2)))).isEmpty();
        assertThat(totals(rule, START.minus(DAY))).isEmpty();
    }

    @Test
    void streamingTotalsEqualTheBatchComputationWhateverTheOrder() {
        int l = 3;
        CountingRule rule = rule(List.of("eventType"), l);
        Random random = new Random(20261125);
        List<String[]> events = new ArrayList<>();
        List<CellAggregator.Contribution> batch = new ArrayList<>();
        for (int person = 0; person < 40; person++) {
            String pseudonym = "p1:" + String.format("%022d", person);
            int cells = 1 + random.nextInt(8);
            for (int c = 0; c < cells; c++) {
                String eventType = "type-" + random.nextInt(12);
                int repeats = 1 + random.nextInt(3);
                for (int r = 0; r < repeats; r++) {
                    events.add(new String[] {pseudonym, eventType});
                    batch.add(new CellAggregator.Contribution(pseudonym, "[\"" + eventType + "\"]"));
                }
            }
        }
        Collections.shuffle(events, random);
        for (String[] e : events) {
            contributeType(e[0], START.plusSeconds(100), e[1]);
        }
        // the batch computation is the reference: k = 11 is the smallest allowed, but suppression is not asked here
        SortedMap<String, Long> expected = new TreeMap<>();
        batchCounts(batch, l).forEach((cell, count) -> expected.put(cell, (long) count));
        assertThat(totals(rule, START)).isEqualTo(expected);
        // and no person is in more than L cells: the sum of all counts is at most L per person
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(40L * l);
    }

    @Test
    void aRetractionTakesBackThePersonsCellsAndTheirEarlierEventsArrivingLate() {
        CountingRule rule = rule(List.of("gender"), 5);
        String alice = "p1:aaaaaaaaaaaaaaaaaaaaaa";
        contribute(alice, START.plusSeconds(10), "female", "30-39");
        contribute("p1:bbbbbbbbbbbbbbbbbbbbbb", START.plusSeconds(20), "female", "30-39");
        assertThat(totals(rule, START)).containsEntry("[\"female\"]", 2L);

        retract(alice, START.plusSeconds(3600));
        assertThat(totals(rule, START)).containsEntry("[\"female\"]", 1L);

        // an event of before the withdrawal that was still in flight does not bring her back
        contribute(alice, START.plusSeconds(30), "female", "30-39");
        assertThat(totals(rule, START)).containsEntry("[\"female\"]", 1L);
        // one after it (a fresh consent let it in at the door) counts again
        contribute(alice, START.plusSeconds(7200), "female", "30-39");
        assertThat(totals(rule, START)).containsEntry("[\"female\"]", 2L);
    }

    @Test
    void anUnknownTypeOrUnreadableValueIsSkippedAndCountingGoesOn() {
        CountingRule rule = rule(List.of("gender"), 5);
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TYPE, EventCatalogue.ANALYTICS_CONTRIBUTION_RECORDED.type().getBytes(StandardCharsets.UTF_8));
        contributions.pipeInput(new TestRecord<>("p1:zzzzzzzzzzzzzzzzzzzzzz", "{not json", headers, START));
        RecordHeaders other = new RecordHeaders();
        other.add(CloudEventHeaders.TYPE, "jp.onplanetz.privacy.analytics.contribution-recorded.v2".getBytes(StandardCharsets.UTF_8));
        contributions.pipeInput(new TestRecord<>("p1:zzzzzzzzzzzzzzzzzzzzzz", contribution("p1:zzzzzzzzzzzzzzzzzzzzzz",
                START.plusSeconds(5), "male", "30-39"), other, START));
        contribute("p1:aaaaaaaaaaaaaaaaaaaaaa", START.plusSeconds(10), "female", "30-39");
        assertThat(totals(rule, START)).containsExactlyEntriesOf(new TreeMap<>(java.util.Map.of("[\"female\"]", 1L)));
    }

    private CountingRule rule(List<String> dimensions, int l) {
        CountingRule rule = new CountingRule(UUID.randomUUID(), dimensions, DAY, START, null, l);
        rules.set(List.of(rule));
        return rule;
    }

    private SortedMap<String, Long> totals(CountingRule rule, Instant windowStart) {
        KeyValueStore<String, String> store = driver.getKeyValueStore(StatisticsTopology.TOTALS_STORE);
        SortedMap<String, Long> out = new TreeMap<>();
        String prefix = rule.windowPrefix(windowStart);
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

    private void contribute(String person, Instant at, String gender, String ageBand) {
        pipe(EventCatalogue.ANALYTICS_CONTRIBUTION_RECORDED, person, contribution(person, at, gender, ageBand));
    }

    private void contributeType(String person, Instant at, String eventType) {
        pipe(EventCatalogue.ANALYTICS_CONTRIBUTION_RECORDED, person, """
                {"eventId":"%s","person":"%s","occurredAt":"%s","attributes":{"eventType":"%s","page":null,
                 "gender":"female","ageBand":"30-39","prefecture":"JP-13","region":"kanto","jobClass":"other",
                 "companySize":"unspecified","companySector":"unspecified"}}"""
                .formatted(UUID.randomUUID(), person, at, eventType));
    }

    private static String contribution(String person, Instant at, String gender, String ageBand) {
        return """
                {"eventId":"%s","person":"%s","occurredAt":"%s","attributes":{"eventType":"page-view","page":"/plans",
                 "gender":"%s","ageBand":"%s","prefecture":"JP-13","region":"kanto","jobClass":"other",
                 "companySize":"unspecified","companySector":"unspecified"}}"""
                .formatted(UUID.randomUUID(), person, at, gender, ageBand);
    }

    private void retract(String person, Instant until) {
        pipe(EventCatalogue.ANALYTICS_CONTRIBUTIONS_RETRACTED, person, """
                {"person":"%s","until":"%s","reason":"consent-withdrawn"}""".formatted(person, until));
    }

    private void pipe(EventType type, String key, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TYPE, type.type().getBytes(StandardCharsets.UTF_8));
        contributions.pipeInput(new TestRecord<>(key, value, headers, START));
    }

    /** CellAggregator's batch bound, through its public release with noise-free k: counts before suppression. */
    private static SortedMap<String, Integer> batchCounts(List<CellAggregator.Contribution> batch, int l) {
        return jp.onplanetz.privacy.analytics.anonymisation.CellAggregatorAccess.trueCounts(batch, l);
    }
}
