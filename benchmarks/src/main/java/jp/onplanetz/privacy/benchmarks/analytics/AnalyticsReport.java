package jp.onplanetz.privacy.benchmarks.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import jp.onplanetz.privacy.benchmarks.analytics.ConsentedSubjects.Grants;
import jp.onplanetz.privacy.benchmarks.analytics.EssentialConsumer.EssentialRun;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineCheck.Verification;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.CpuSplit;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.DbStats;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.Phase;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.Pipeline;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.Sample;
import jp.onplanetz.privacy.benchmarks.analytics.PlainConsumer.PlainRun;
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
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.INGEST_GROUP;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.PURPOSE;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.RECIPIENT;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.SAMPLE_EVERY;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.SHORTENED;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.STREAMS_APP;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.SUBJECTS;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.TARGET_RATIO;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.TIMEOUT;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.WINDOW;

/** The run's figures as the results files state them (the layout is the shared template's). */
final class AnalyticsReport {

    private AnalyticsReport() {
    }

    /** How the run was set up, as the JSON states it. */
    record Setup(long eventsPerBatch, int subjects, long eventsPerSubjectAndBatch, int usageTopicPartitions,
            String releaseDefinitionId, List<String> dimensions, String window, int grantClients, int essentialBatchRows,
            long timeoutMinutes, long sampleSeconds, String serviceJvm, String postgresVersion, String postgresDurability) {
    }

    /** Everything measured and checked; each list holds the cold phase, then the warm one. */
    record Figures(String loadAtStart, String loadAtEnd, String postgresVersion, String durability, String definitionId,
            Grants grants, List<Feed> feeds, List<PlainRun> plain, List<EssentialRun> essential, Pipeline pipeline,
            Verification verification) {

        EssentialRun essentialWarm() {
            return essential.get(1);
        }

        @JsonProperty
        double ratio() {
            return pipeline.warm().countedPerSecond() / essentialWarm().eventsPerSecond();
        }

        @JsonProperty
        double coldRatio() {
            return pipeline.cold().countedPerSecond() / essential.get(0).eventsPerSecond();
        }

        boolean ratioMet() {
            return ratio() >= TARGET_RATIO;
        }
    }

    record Results(Setup setup, Figures figures) {
    }

    static BenchmarkReport of(Figures f) {
        Pipeline p = f.pipeline();
        Verification v = f.verification();
        String serviceJvm = ServiceJvm.described();
        Setup setup = new Setup(EVENTS, SUBJECTS, EVENTS / SUBJECTS, EventCatalogue.USAGE_EVENTS.partitions(),
                f.definitionId(), DIMENSIONS, WINDOW, GRANT_CLIENTS, EssentialConsumer.BATCH_ROWS, TIMEOUT.toMinutes(),
                SAMPLE_EVERY.toSeconds(), serviceJvm, f.postgresVersion(), f.durability());
        Feed cold = f.feeds().get(0);

        List<String> setupText = List.of(
                format("PostgreSQL %s (the local stack's server; it reports %s), Kafka on the same machine, services from"
                        + " their packaged jars with `%s`. The machine is shared: the load averages and the busy/steal"
                        + " shares say how busy it was.", f.postgresVersion(), f.durability(), serviceJvm),
                format("Two batches of **%,d** raw `usage.event-recorded.v1` events each (CloudEvents binary mode, key ="
                        + " subject id, %.0f value bytes and %.0f header bytes each) for **%,d subjects** (%,d events each"
                        + " per batch; the second batch with new event ids) on `%s` (%d partitions). Every subject had"
                        + " granted `%s` to `%s` through consent-service's API with its own token (%.1f grants/s, %d"
                        + " clients) and the gateway's projection held every grant (waited %.1f s). One release"
                        + " definition counted every event: dimensions %s, `distinct-people`, window %s.",
                        EVENTS, cold.averageValueBytes(), cold.averageHeaderBytes(), SUBJECTS, EVENTS / SUBJECTS,
                        EventCatalogue.USAGE_TOPIC, EventCatalogue.USAGE_EVENTS.partitions(), PURPOSE, RECIPIENT,
                        f.grants().grantsPerSecond(), GRANT_CLIENTS, f.grants().projectionWaitSeconds(), DIMENSIONS, WINDOW),
                format("Cold: the first batch after each side's start (the gateway from its readiness, %d ms after launch,"
                        + " with %,d events stored by then and left out of its rates; the essential consumer from its"
                        + " start, its scratch database's migration left out). Warm: the second batch, written while the"
                        + " gateway's process was suspended (%.1f s) and timed from its resumption; the essential consumer"
                        + " kept running between its batches.", p.readyAfterMillis(), p.storedAtReady(),
                        p.suspendedSeconds()));

        List<List<String>> runs = new ArrayList<>();
        for (PlainRun r : f.plain()) {
            runs.add(List.of("context: plain `KafkaConsumer` (fetch and deserialise only), " + r.phase(),
                    format("%,d", r.events()), format("%.2f", r.seconds()), format("%,.0f", r.eventsPerSecond()),
                    cpuCell(r.machine())));
        }
        for (EssentialRun r : f.essential()) {
            runs.add(List.of(bold(r.phase().equals("warm"), "baseline: essential consumer, " + r.phase()),
                    format("%,d", r.events()), format("%.2f", r.seconds()),
                    bold(r.phase().equals("warm"), format("%,.0f", r.eventsPerSecond())), cpuCell(r.cpu().machine())));
        }
        for (Phase ph : List.of(p.cold(), p.warm())) {
            boolean warm = ph == p.warm();
            runs.add(List.of("gateway, " + ph.phase() + ": (a) stored", format("%,d", ph.storedEvents()),
                    format("%.1f", ph.storedSeconds()), format("%,.0f", ph.storedPerSecond()), ""));
            runs.add(List.of(bold(warm, "gateway, " + ph.phase() + ": (b) counted"), format("%,d", ph.countedEvents()),
                    format("%.1f", ph.countedSeconds()), bold(warm, format("%,.0f", ph.countedPerSecond())),
                    cpuCell(ph.cpu().machine())));
        }
        Section figures = new Section("Figures", List.of(format("Gateway resident memory at the end: %d MiB. The"
                        + " gateway's database per event (pg_stat_database, the benchmark's own queries left out): cold"
                        + " %s; warm %s.", p.gatewayRssMiB(), dbPerEvent(p.cold()), dbPerEvent(p.warm()))),
                new Table(List.of("run", "events", "seconds", "events/s", "machine CPU busy / steal"), runs));

        List<List<String>> cpuRows = new ArrayList<>();
        for (EssentialRun r : f.essential()) {
            cpuRows.add(cpuRow("essential consumer, " + r.phase(), r.cpu(), r.events()));
        }
        for (Phase ph : List.of(p.cold(), p.warm())) {
            cpuRows.add(cpuRow("gateway, " + ph.phase() + " (to (b))", ph.cpu(), ph.countedEvents()));
        }
        Section cpu = new Section("CPU per event (µs), by process", List.of("CPU time of each process over the phase,"
                        + " divided by the phase's events. The benchmark's JVM runs the essential consumer (and, in the"
                        + " gateway's phases, only the probe that watches it); PostgreSQL is its server and live backends."),
                new Table(List.of("phase", "wall s", "gateway", "PostgreSQL", "Kafka broker", "other three services",
                        "benchmark JVM", "machine busy / steal"), cpuRows));

        List<List<String>> progressRows = new ArrayList<>(timelineRows("cold", p.cold().timeline()));
        progressRows.addAll(timelineRows("warm", p.warm().timeline()));
        Section progress = new Section("Gateway progress (from each phase's start)", List.of("ingest committed: the"
                        + " offsets the ingest group " + INGEST_GROUP + " committed on the usage topic since the phase's"
                        + " start; Streams committed: the offsets " + STREAMS_APP + " committed, summed over every topic"
                        + " it reads."),
                new Table(List.of("phase", "s", "ingest committed", "Streams committed", "gateway cores", "machine busy"),
                        progressRows));
        Section check = Section.text("Check", format("Gateway: %,d `usage_event` rows (%,d distinct ids), %d unpublished"
                        + " outbox rows; the totals on the cell-totals topic for the definition: %d cells, %,d people over"
                        + " all cells, %s the distinct people per cell in the gateway's database. Essential consumer:"
                        + " %,d rows, its stored offsets %,d (the usage topic's end).",
                v.storedRows(), v.distinctEventIds(), v.unpublished(), v.cells(), v.cellTotalsSum(),
                v.cellsMatchDatabase() ? "equal to" : "**not equal to**", v.essentialRows(), v.essentialOffsets()));
        Target ratio = new Target(format("gateway warm (b) events/s ÷ essential consumer warm events/s >= %.1f", TARGET_RATIO),
                format("%,.0f ÷ %,.0f = **%.3f** (cold: %,.0f ÷ %,.0f = %.3f)", p.warm().countedPerSecond(),
                        f.essentialWarm().eventsPerSecond(), f.ratio(), p.cold().countedPerSecond(),
                        f.essential().get(0).eventsPerSecond(), f.coldRatio()), f.ratioMet());

        return BenchmarkReport.now("analytics-throughput",
                "analytics-gateway: events per second through the Kafka door against the essential consumer",
                "scripts/bench-analytics-throughput.sh",
                MachineFacts.ofThisMachine().withLoadAverages(f.loadAtStart(), f.loadAtEnd()),
                SHORTENED ? format("%,d events per batch, not the 1,000,000 of a full run: the figures show that the"
                        + " benchmark works, not how fast either side goes.", EVENTS) : null,
                setupText, List.of(figures, cpu, progress, check), List.of(ratio), notes(f.durability()), new Results(setup, f));
    }

    private static List<String> cpuRow(String name, CpuSplit c, long events) {
        double us = 1e6 / events;
        return List.of(name, format("%.1f", c.wallSeconds()), format("%.1f", c.gateway() * us), format("%.1f", c.postgres() * us),
                format("%.1f", c.kafka() * us), format("%.1f", c.otherServices() * us), format("%.1f", c.benchmark() * us),
                cpuCell(c.machine()));
    }

    private static String dbPerEvent(Phase ph) {
        DbStats d = ph.database();
        double n = ph.countedEvents();
        return format("%.3f commits, %.2f rows inserted, %.2f updated, %.2f fetched", d.commits() / n, d.inserted() / n,
                d.updated() / n, d.fetched() / n);
    }

    private static String bold(boolean on, String text) {
        return on ? "**" + text + "**" : text;
    }

    /** At most about 15 rows a phase: every n-th sample, and the last. */
    private static List<List<String>> timelineRows(String phase, List<Sample> timeline) {
        int step = Math.max(1, (timeline.size() + 14) / 15);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < timeline.size(); i++) {
            if (i % step != 0 && i != timeline.size() - 1) {
                continue;
            }
            Sample s = timeline.get(i);
            rows.add(List.of(phase, format("%.0f", s.seconds()), format("%,d", s.ingestCommitted()),
                    format("%,d", s.streamsCommitted()), format("%.2f", s.gatewayCpuShare()), format("%.0f%%", 100 * s.machineBusy())));
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
                "The essential consumer does only what cannot be avoided: it reads the topic, parses the fields a row"
                        + " needs in one streaming pass, pseudonymises the identifiers (HMAC-SHA-256) and generalises the"
                        + " attributes with the gateway's own classes, and binary-COPYs every "
                        + format("%,d", EssentialConsumer.BATCH_ROWS) + " rows into a `usage_event` made by the gateway's own migrations"
                        + " (same constraints and indexes, its own database on the same server), with its offsets in the"
                        + " same transaction. It checks no consent, erasure block or field rule, sends no dead letter and"
                        + " counts nothing: the gap to the gateway is what those cost, plus whatever the gateway's design adds.",
                durability.contains("fsync off") || durability.contains("synchronous_commit off")
                        ? "PostgreSQL reported " + durability + ": the local stack asks its embedded (zonky) server for"
                        + " durability, but zonky's defaults (-F, synchronous_commit=off) win, so a commit waits for no disk"
                        + " flush, on both sides."
                        : "PostgreSQL reported " + durability + ": every commit waits for its disk flush, on both sides.",
                "Both sides read the same records from the same broker and write to the same PostgreSQL server in the"
                        + " same run, one after the other: the essential consumer while the gateway is stopped (cold) or"
                        + " idle (warm). The other three services run idle throughout.",
                "Done (a): `select count(*) from usage_event` equals the events of the batches so far and the ingest"
                        + " group's committed offsets reach the batch's end. Done (b): no unpublished outbox row, no record"
                        + " after the Streams application's committed offsets on any topic it has committed offsets on"
                        + " (read-committed), and the definition's totals on the cell-totals topic (latest value per key)"
                        + " equal to the distinct people per cell in the gateway's database.",
                "The warm batch is written while the gateway's process is suspended (SIGSTOP): a pause longer than its"
                        + " consumers' session timeout would make it rejoin its groups on resumption, inside its time.",
                "The benchmark polls every 0.5 s (admin calls; counts only near the end): its own CPU is in the figures."
                        + " PostgreSQL's CPU is its server and live backends; a short-lived backend's is missed. The"
                        + " machine is shared: see the load averages and the busy/steal shares.");
    }
}
