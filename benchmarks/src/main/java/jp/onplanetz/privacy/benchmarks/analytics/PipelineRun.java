package jp.onplanetz.privacy.benchmarks.analytics;

import jp.onplanetz.privacy.benchmarks.analytics.StackCpu.Parts;
import jp.onplanetz.privacy.benchmarks.analytics.StackCpu.Snapshot;
import jp.onplanetz.privacy.benchmarks.measure.MachineCpu;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.localstack.ServiceProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.EVENTS;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.INGEST_GROUP;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.POLL;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.SAMPLE_EVERY;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.TIMEOUT;
import static jp.onplanetz.privacy.benchmarks.results.Units.round;

/** The measured part: the gateway started on the events waiting for it, timed until (a) stored and (b) counted. */
final class PipelineRun {

    private PipelineRun() {
    }

    /** One point of the progress timeline, counted from the gateway's readiness. */
    record Sample(double seconds, long stored, long published, long counted, long ingestCommitted,
            double gatewayCpuShare, double machineBusy) {
    }

    /** CPU seconds of each part over a window, and the machine's busy and steal shares. */
    record CpuSplit(double wallSeconds, double gateway, double postgres, double kafka, double otherServices,
            double benchmark, MachineCpu.Share machine) {
    }

    /**
     * Counters of pg_stat_database (the gateway's database); differences over the pipeline show what one event
     * costs the database. PostgreSQL publishes them with a short delay (its stats are flushed about every second).
     */
    record DbStats(long commits, long rollbacks, long inserted, long updated, long deleted, long fetched,
            long returned) {

        DbStats minus(DbStats o) {
            return new DbStats(commits - o.commits, rollbacks - o.rollbacks, inserted - o.inserted, updated - o.updated,
                    deleted - o.deleted, fetched - o.fetched, returned - o.returned);
        }
    }

    record Pipeline(long readyAfterMillis, long storedAtReady, long countedAtReady, double storedSeconds,
            double countedSeconds, CpuSplit cpu, DbStats database, List<Sample> timeline, long gatewayRssMiB) {

        double storedPerSecond() {
            return (EVENTS - storedAtReady) / storedSeconds;
        }

        double countedPerSecond() {
            return (EVENTS - countedAtReady) / countedSeconds;
        }
    }

    /** Starts the gateway on the events already on the topic and times (a) stored and (b) counted. */
    static Pipeline pipeline(LocalStack stack, PipelineProbe probe) throws Exception {
        System.out.println("starting analytics-gateway on " + EVENTS + " events waiting on " + EventCatalogue.USAGE_TOPIC);
        Parts parts = Parts.find(stack);
        ServiceProcess gateway = stack.startReplica(Services.ANALYTICS);
        long ready = System.nanoTime();
        Snapshot cpu0 = Snapshot.take(stack, parts, gateway);
        DbStats db0 = probe.stats();
        long storedAtReady = probe.stored();
        long countedAtReady = probe.streamsCommitted(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC);
        System.out.printf(Locale.ROOT, "analytics-gateway ready after %d ms; %d events stored, %d counted by then%n",
                gateway.readyAfterMillis(), storedAtReady, countedAtReady);

        List<Sample> timeline = new ArrayList<>();
        long nextSample = ready;
        Snapshot lastSample = cpu0;
        long storedAt = -1;
        long countedAt = -1;
        long idleSince = -1;
        long deadline = ready + TIMEOUT.toNanos();
        while (countedAt < 0) {
            long now = System.nanoTime();
            // the Kafka door commits a poll's offsets once its events are stored and their contributions sent
            long storedApprox = probe.committed(INGEST_GROUP, EventCatalogue.USAGE_TOPIC);
            if (now >= nextSample) {
                Snapshot s = Snapshot.take(stack, parts, gateway);
                Sample sample = new Sample(round((now - ready) / 1e9, 1), storedApprox,
                        probe.endOffsets(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC),
                        probe.streamsCommitted(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC),
                        probe.committed(INGEST_GROUP, EventCatalogue.USAGE_TOPIC),
                        round(s.gatewayCpuSince(lastSample) / Math.max(1e-9, (s.nanos() - lastSample.nanos()) / 1e9), 3),
                        round(s.machine().since(lastSample.machine()).busy(), 3));
                timeline.add(sample);
                lastSample = s;
                nextSample += SAMPLE_EVERY.toNanos();
                System.out.printf(Locale.ROOT, "  %7.1f s  stored ~%,d  published %,d  counted %,d  (ingest committed %,d)"
                                + "  gateway CPU %.2f cores, machine busy %.0f%%%n", sample.seconds(), sample.stored(),
                        sample.published(), sample.counted(), sample.ingestCommitted(), sample.gatewayCpuShare(),
                        100 * sample.machineBusy());
            }
            if (storedAt < 0 && storedApprox >= EVENTS) {
                long stored = probe.stored();
                if (stored > EVENTS) {
                    throw new IllegalStateException(stored + " usage_event rows for " + EVENTS + " events: stored twice");
                }
                if (stored == EVENTS) {
                    storedAt = System.nanoTime();
                    System.out.printf(Locale.ROOT, "(a) all %,d events stored %.1f s after readiness%n", EVENTS, (storedAt - ready) / 1e9);
                }
            }
            if (storedAt >= 0 && probe.unpublished() == 0
                    && probe.endOffsets(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC) >= EVENTS && probe.streamsDone()) {
                countedAt = System.nanoTime();
                System.out.printf(Locale.ROOT, "(b) all %,d contributions counted %.1f s after readiness%n", EVENTS,
                        (countedAt - ready) / 1e9);
                break;
            }
            // Consumed to the end but not all stored: events were dropped or dead-lettered; say so instead of waiting.
            if (storedAt < 0 && probe.committed(INGEST_GROUP, EventCatalogue.USAGE_TOPIC) >= EVENTS) {
                idleSince = idleSince < 0 ? now : idleSince;
                if (now - idleSince > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException("the gateway consumed every event but stored " + probe.stored() + " of " + EVENTS
                            + "; dead-lettered: " + probe.endOffsets(EventCatalogue.DEAD_LETTERS.name()) + " (see its log)");
                }
            }
            if (now > deadline) {
                throw new IllegalStateException("not done after " + TIMEOUT + ": stored ~" + storedApprox + ", published "
                        + probe.endOffsets(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC) + ", counted "
                        + probe.streamsCommitted(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC) + " of " + EVENTS);
            }
            Thread.sleep(POLL.toMillis());
        }
        CpuSplit cpu = Snapshot.take(stack, parts, gateway).since(cpu0);
        Thread.sleep(1500); // PostgreSQL flushes its statistics about once a second
        DbStats db = probe.stats().minus(db0);
        System.out.printf(Locale.ROOT, "CPU s over %.1f s: gateway %.1f, PostgreSQL %.1f, Kafka %.1f, other services %.1f,"
                        + " benchmark %.1f; machine busy %.0f%%, steal %.0f%%%n", cpu.wallSeconds(), cpu.gateway(), cpu.postgres(),
                cpu.kafka(), cpu.otherServices(), cpu.benchmark(), 100 * cpu.machine().busy(), 100 * cpu.machine().steal());
        System.out.printf(Locale.ROOT, "database per event: %.2f commits, %.2f rows inserted, %.2f updated, %.2f fetched%n",
                (double) db.commits() / EVENTS, (double) db.inserted() / EVENTS, (double) db.updated() / EVENTS,
                (double) db.fetched() / EVENTS);
        return new Pipeline(gateway.readyAfterMillis(), storedAtReady, countedAtReady, (storedAt - ready) / 1e9,
                (countedAt - ready) / 1e9, cpu, db, timeline, gateway.residentMiB());
    }
}
