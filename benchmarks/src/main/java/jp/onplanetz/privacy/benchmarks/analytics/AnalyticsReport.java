package jp.onplanetz.privacy.benchmarks.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import jp.onplanetz.privacy.benchmarks.analytics.ConsentedSubjects.Grants;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineCheck.Verification;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.CpuSplit;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.DbStats;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.Pipeline;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.Sample;
import jp.onplanetz.privacy.benchmarks.analytics.PlainConsumerBaseline.BaselineRun;
import jp.onplanetz.privacy.benchmarks.analytics.UsageFeed.Feed;
import jp.onplanetz.privacy.benchmarks.measure.MachineCpu;
import jp.onplanetz.privacy.benchmarks.results.BenchmarkReport.Section;
import jp.onplanetz.privacy.benchmarks.results.BenchmarkReport.Table;
import jp.onplanetz.privacy.benchmarks.results.BenchmarkReport.Target;
import jp.onplanetz.privacy.benchmarks.results.BenchmarkReport;
import jp.onplanetz.privacy.benchmarks.results.MachineFacts;
import jp.onplanetz.privacy.benchmarks.support.ServiceJvm;
import jp.onplanetz.privacy.events.EventCatalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.DIMENSIONS;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.EVENTS;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.GRANT_CLIENTS;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.PURPOSE;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.RECIPIENT;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.SAMPLE_EVERY;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.SHORTENED;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.SUBJECTS;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.TARGET_RATIO;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.TIMEOUT;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.WINDOW;

/** The run's figures as the results files state them (the layout is the shared template's). */
final class AnalyticsReport {

    private AnalyticsReport() {
    }

    /** How the run was set up, as the JSON states it. */
    record Setup(long events, int subjects, long eventsPerSubject, int usageTopicPartitions, int contributionsTopicPartitions,
            String releaseDefinitionId, List<String> dimensions, String window, int grantClients, long timeoutMinutes,
            long sampleSeconds, String serviceJvm, String postgresVersion, String postgresDurability) {
    }

    /** Everything measured and checked. */
    record Figures(String loadAtStart, String loadAtEnd, String postgresVersion, String durability, String definitionId,
            Grants grants, Feed feed, List<BaselineRun> baselines, Pipeline pipeline, Verification verification) {

        @JsonProperty
        double baselinePerSecond() {
            return baselines.stream().mapToDouble(BaselineRun::eventsPerSecond).average().orElse(Double.NaN);
        }

        @JsonProperty
        double ratio() {
            return pipeline.countedPerSecond() / baselinePerSecond();
        }

        boolean ratioMet() {
            return ratio() >= TARGET_RATIO;
        }
    }

    record Results(Setup setup, Figures figures) {
    }

    static BenchmarkReport of(Figures f) {
        Pipeline p = f.pipeline();
        CpuSplit c = p.cpu();
        DbStats d = p.database();
        Verification v = f.verification();
        String serviceJvm = ServiceJvm.described();
        long countedEvents = EVENTS - p.countedAtReady();
        Setup setup = new Setup(EVENTS, SUBJECTS, EVENTS / SUBJECTS, EventCatalogue.USAGE_EVENTS.partitions(),
                EventCatalogue.ANALYTICS_CONTRIBUTIONS.partitions(), f.definitionId(), DIMENSIONS, WINDOW, GRANT_CLIENTS,
                TIMEOUT.toMinutes(), SAMPLE_EVERY.toSeconds(), serviceJvm, f.postgresVersion(), f.durability());

        List<String> setupText = List.of(
                format("PostgreSQL %s (the local stack's server; it reports %s), Kafka on the same machine, services from"
                        + " their packaged jars with `%s`. The machine is shared: the load averages and the busy/steal"
                        + " shares say how busy it was.", f.postgresVersion(), f.durability(), serviceJvm),
                format("**%,d** raw `usage.event-recorded.v1` events (CloudEvents binary mode, key = subject id, %.0f value"
                        + " bytes and %.0f header bytes each) for **%,d subjects** (%,d events each) were written to `%s`"
                        + " (%d partitions) while analytics-gateway was stopped (%.1f s, %,.0f events/s). Every subject"
                        + " had granted `%s` to `%s` through consent-service's API with its own token (%.1f grants/s, %d"
                        + " clients) and the gateway's projection held every grant (waited %.1f s). One release"
                        + " definition counted every contribution: dimensions %s, `distinct-people`, window %s.",
                        EVENTS, f.feed().averageValueBytes(), f.feed().averageHeaderBytes(), SUBJECTS, EVENTS / SUBJECTS,
                        EventCatalogue.USAGE_TOPIC, EventCatalogue.USAGE_EVENTS.partitions(), f.feed().seconds(),
                        f.feed().eventsPerSecond(), PURPOSE, RECIPIENT, f.grants().grantsPerSecond(), GRANT_CLIENTS,
                        f.grants().projectionWaitSeconds(), DIMENSIONS, WINDOW));

        List<List<String>> runs = new ArrayList<>();
        for (BaselineRun b : f.baselines()) {
            runs.add(List.of("baseline: plain `KafkaConsumer`, " + b.name(), format("%,d", b.events()),
                    format("%.2f", b.seconds()), format("%,.0f", b.eventsPerSecond()), cpuCell(b.machine())));
        }
        runs.add(List.of("gateway (a): stored (`usage_event` rows), from readiness", format("%,d", EVENTS - p.storedAtReady()),
                format("%.1f", p.storedSeconds()), format("%,.1f", p.storedPerSecond()), ""));
        runs.add(List.of("**gateway (b): counted by Kafka Streams (outbox empty, nothing left to process), from readiness**",
                format("%,d", countedEvents), format("%.1f", p.countedSeconds()), format("**%,.1f**", p.countedPerSecond()),
                cpuCell(c.machine())));
        Section figures = new Section("Figures", List.of(format("The gateway was ready %d ms after launch; by then %,d"
                        + " events were stored and %,d counted (left out of its rates). CPU seconds from readiness to (b)"
                        + " (%.1f s wall): gateway %.1f, PostgreSQL %.1f, Kafka broker %.1f, the three other services %.1f,"
                        + " this benchmark %.1f: %.2f ms of the gateway's CPU and %.2f ms of PostgreSQL's per event. The"
                        + " gateway's database over the same time (pg_stat_database, the benchmark's own queries left"
                        + " out): %.2f commits, %.2f rows inserted, %.2f updated and %.2f fetched per event. Gateway"
                        + " resident memory at the end: %d MiB.", p.readyAfterMillis(), p.storedAtReady(), p.countedAtReady(),
                c.wallSeconds(), c.gateway(), c.postgres(), c.kafka(), c.otherServices(), c.benchmark(),
                1000 * c.gateway() / countedEvents, 1000 * c.postgres() / countedEvents, (double) d.commits() / EVENTS,
                (double) d.inserted() / EVENTS, (double) d.updated() / EVENTS, (double) d.fetched() / EVENTS,
                p.gatewayRssMiB())),
                new Table(List.of("run", "events", "seconds", "events/s", "machine CPU busy / steal"), runs));
        Section progress = new Section("Progress (from readiness)", List.of("stored: the ingest group's committed offsets"
                        + " (a poll is committed once its events are stored and their contributions sent; dead letters"
                        + " included); published: records on `" + EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC + "`;"
                        + " counted: the Streams application's committed offsets on that topic; ingest committed: the"
                        + " ingest consumer group's committed offsets on the usage topic."),
                new Table(List.of("s", "stored", "published", "counted", "ingest committed", "gateway cores", "machine busy"),
                        timelineRows(p.timeline())));
        Section check = Section.text("Check", format("%,d `usage_event` rows (%,d distinct event ids), %d unpublished"
                        + " outbox rows, %,d contributions on the topic; the topology's totals for the definition: %d cells,"
                        + " %,d people over all cells, %s the distinct people per cell in the gateway's database.",
                v.storedRows(), v.distinctEventIds(), v.unpublished(), v.contributions(), v.cells(), v.cellTotalsSum(),
                v.cellsMatchDatabase() ? "equal to" : "**not equal to**"));
        Target ratio = new Target(format("(b) events/s ÷ plain consumer events/s (mean of its two runs) >= %.1f", TARGET_RATIO),
                format("%,.1f ÷ %,.0f = **%.4f**", p.countedPerSecond(), f.baselinePerSecond(), f.ratio()), f.ratioMet());

        return BenchmarkReport.now("analytics-throughput",
                "analytics-gateway: events per second through the pipeline against a plain consumer",
                "scripts/bench-analytics-throughput.sh",
                MachineFacts.ofThisMachine().withLoadAverages(f.loadAtStart(), f.loadAtEnd()),
                SHORTENED ? format("%,d events, not the 1,000,000 of a full run: the figures show that the benchmark works"
                        + " and how fast the gateway goes at this size.", EVENTS) : null,
                setupText, List.of(figures, progress, check), List.of(ratio), notes(f.durability()), new Results(setup, f));
    }

    /** At most about 30 rows: every n-th sample, and the last. */
    private static List<List<String>> timelineRows(List<Sample> timeline) {
        int step = Math.max(1, (timeline.size() + 29) / 30);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < timeline.size(); i++) {
            if (i % step != 0 && i != timeline.size() - 1) {
                continue;
            }
            Sample s = timeline.get(i);
            rows.add(List.of(format("%.0f", s.seconds()), format("%,d", s.stored()), format("%,d", s.published()),
                    format("%,d", s.counted()), format("%,d", s.ingestCommitted()), format("%.2f", s.gatewayCpuShare()),
                    format("%.0f%%", 100 * s.machineBusy())));
        }
        return rows;
    }

    private static String cpuCell(MachineCpu.Share s) {
        return format("%.0f%% / %.0f%%", 100 * s.busy(), 100 * s.steal());
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    /** What the ratio compares, honestly. */
    private static List<String> notes(String durability) {
        return List.of(
                "The baseline only fetches and deserialises the records. The gateway, a poll (up to 1,000 records) at a"
                        + " time: checks each CloudEvent and its JSON Schema and field rules, takes the poll's erasure locks"
                        + " and reads its people's consents and erasure blocks in one statement each, pseudonymises three ids"
                        + " per event (HMAC), generalises the attributes, inserts the poll's usage_event rows in one insert"
                        + " statement (unnest over column arrays) and commits, then sends the contributions (acks=all) and"
                        + " waits for them before committing the poll's offsets; Kafka Streams (exactly-once) updates each person's kept cells in RocksDB, repartitions"
                        + " the +1 by cell, sums it and writes the total.",
                durability.contains("fsync off") || durability.contains("synchronous_commit off")
                        ? "PostgreSQL reported " + durability + ": the local stack asks its embedded (zonky) server for"
                        + " durability, but zonky's defaults (-F, synchronous_commit=off) win, so a commit waits for no disk"
                        + " flush and the gateway's figures are better than against a durable database."
                        : "PostgreSQL reported " + durability + ": every commit of the gateway waits for its disk flush.",
                "Both sides read the same records from the same broker in the same run; the baseline runs while the gateway"
                        + " is stopped (before) and idle (after). The other three services run idle throughout.",
                "The gateway's rates start at its readiness probe: its JVM start is not counted, and events it had already"
                        + " taken by then are left out of its rates (they are in the results).",
                "Done (a): the ingest group committed every offset and `select count(*) from usage_event` equals the"
                        + " events sent. Done (b): no unpublished outbox row,"
                        + " every contribution on the topic, and no record after the Streams application's committed offsets"
                        + " on the contributions topic or its repartition topic (read-committed).",
                "The benchmark polls every 0.5 s (admin calls; counts only near the end): its own"
                        + " CPU is in the figures. PostgreSQL's CPU is its server and live backends; a short-lived backend's"
                        + " is missed. The machine is shared: see the load averages and the busy/steal shares.");
    }
}
