package jp.onplanetz.privacy.benchmarks.analytics;

import jp.onplanetz.privacy.benchmarks.analytics.StackCpu.Parts;
import jp.onplanetz.privacy.benchmarks.analytics.StackCpu.Snapshot;
import jp.onplanetz.privacy.benchmarks.analytics.UsageFeed.Batch;
import jp.onplanetz.privacy.benchmarks.measure.MachineCpu;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.localstack.ServiceProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.INGEST_GROUP;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.POLL;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.SAMPLE_EVERY;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.TIMEOUT;
import static jp.onplanetz.privacy.benchmarks.results.Units.round;

/** The measured part on the gateway's side: one batch waiting for it, timed until (a) stored and (b) counted. */
final class PipelineRun {

    private PipelineRun() {
    }

    /** One point of the progress timeline, counted from the phase's start. */
    record Sample(double seconds, long ingestCommitted, long streamsCommitted, double gatewayCpuShare, double machineBusy) {
    }

    /** CPU seconds of each part over a window, and the machine's busy and steal shares. */
    record CpuSplit(double wallSeconds, double gateway, double postgres, double kafka, double otherServices,
            double benchmark, MachineCpu.Share machine) {
    }

    /**
     * Counters of pg_stat_database (the gateway's database); differences over a phase show what one event costs
     * the database. PostgreSQL publishes them with a short delay (its stats are flushed about every second).
     */
    record DbStats(long commits, long rollbacks, long inserted, long updated, long deleted, long fetched,
            long returned) {

        DbStats minus(DbStats o) {
            return new DbStats(commits - o.commits, rollbacks - o.rollbacks, inserted - o.inserted, updated - o.updated,
                    deleted - o.deleted, fetched - o.fetched, returned - o.returned);
        }
    }

    /**
     * One phase of the gateway: {@code events} of the batch still to do at its start (for the cold phase, those not
     * yet stored or counted at readiness), the time from the start to (a) and to (b).
     */
    record Phase(String phase, long storedEvents, long countedEvents, double storedSeconds, double countedSeconds,
            CpuSplit cpu, DbStats database, List<Sample> timeline) {

        double storedPerSecond() {
            return storedEvents / storedSeconds;
        }

        double countedPerSecond() {
            return countedEvents / countedSeconds;
        }
    }

    /** The gateway's two phases, its start, and how long it was suspended between them. */
    record Pipeline(long readyAfterMillis, long storedAtReady, Phase cold, double suspendedSeconds, Phase warm,
            long gatewayRssMiB) {
    }

    /** Starts the gateway on the cold batch already on the topic. Timed from its readiness. */
    static ServiceProcess start(LocalStack stack) {
        System.out.println("starting analytics-gateway on the events waiting on " + EventCatalogue.USAGE_TOPIC);
        return stack.startReplica(Services.ANALYTICS);
    }

    /**
     * Suspends the gateway's process (SIGSTOP) while the next batch is fed, so that the batch waits for a gateway
     * that is already warm. The pause must stay shorter than its consumers' session timeout, or the resumed gateway
     * rejoins its groups first (counted in its time).
     */
    static void suspend(ServiceProcess gateway) throws Exception {
        signal(gateway, "STOP");
    }

    static void resume(ServiceProcess gateway) throws Exception {
        signal(gateway, "CONT");
    }

    private static void signal(ServiceProcess gateway, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(gateway.processHandle().pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " of the gateway failed");
        }
    }

    /**
     * Watches the gateway until the batch is (a) stored: {@code select count(*) from usage_event} equals
     * {@code expectedRows} and the ingest group's committed offsets reach the batch's end; and (b) counted: no
     * unpublished outbox row, the Streams application with nothing left to process on any topic it reads, and the
     * definition's totals on the cell-totals topic equal to the distinct people per cell in the gateway's database.
     */
    static Phase watch(String phase, LocalStack stack, Parts parts, ServiceProcess gateway, PipelineProbe probe,
            Batch batch, long expectedRows, String definitionId, long startNanos, long eventsAtStart) throws Exception {
        Snapshot cpu0 = Snapshot.take(stack, parts, gateway);
        DbStats db0 = probe.stats();
        long ingestAtStart = probe.committed(INGEST_GROUP, EventCatalogue.USAGE_TOPIC);
        List<Sample> timeline = new ArrayList<>();
        long nextSample = startNanos;
        Snapshot lastSample = cpu0;
        long storedAt = -1;
        long countedAt = -1;
        long idleSince = -1;
        Map<String, Long> expectedCells = null;
        long deadline = startNanos + TIMEOUT.toNanos();
        while (countedAt < 0) {
            long now = System.nanoTime();
            if (now >= nextSample) {
                Snapshot s = Snapshot.take(stack, parts, gateway);
                Sample sample = new Sample(round((now - startNanos) / 1e9, 1),
                        probe.committed(INGEST_GROUP, EventCatalogue.USAGE_TOPIC) - ingestAtStart,
                        probe.streamsCommittedTotal(),
                        round(s.gatewayCpuSince(lastSample) / Math.max(1e-9, (s.nanos() - lastSample.nanos()) / 1e9), 3),
                        round(s.machine().since(lastSample.machine()).busy(), 3));
                timeline.add(sample);
                lastSample = s;
                nextSample += SAMPLE_EVERY.toNanos();
                System.out.printf(Locale.ROOT, "  %-5s %7.1f s  ingest committed +%,d  Streams committed %,d  gateway CPU %.2f cores,"
                                + " machine busy %.0f%%%n", phase, sample.seconds(), sample.ingestCommitted(),
                        sample.streamsCommitted(), sample.gatewayCpuShare(), 100 * sample.machineBusy());
            }
            boolean consumed = probe.committedReach(INGEST_GROUP, batch.to());
            if (storedAt < 0 && consumed) {
                long stored = probe.stored();
                if (stored > expectedRows) {
                    throw new IllegalStateException(stored + " usage_event rows for " + expectedRows + " events: stored twice");
                }
                if (stored == expectedRows) {
                    storedAt = System.nanoTime();
                    expectedCells = probe.distinctPeoplePerCell();
                    System.out.printf(Locale.ROOT, "(a) %s: all %,d rows stored %.1f s after the start%n", phase, expectedRows,
                            (storedAt - startNanos) / 1e9);
                }
            }
            if (storedAt >= 0 && probe.unpublished() == 0 && probe.streamsDone()
                    && PipelineCheck.cellTotals(stack.kafka().bootstrapServers(), definitionId).equals(expectedCells)) {
                countedAt = System.nanoTime();
                System.out.printf(Locale.ROOT, "(b) %s: all counted %.1f s after the start%n", phase, (countedAt - startNanos) / 1e9);
                break;
            }
            // Consumed to the end but not all stored: events were dropped or dead-lettered; say so instead of waiting.
            if (storedAt < 0 && consumed) {
                idleSince = idleSince < 0 ? now : idleSince;
                if (now - idleSince > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException("the gateway consumed every event but stored " + probe.stored() + " of "
                            + expectedRows + "; dead-lettered: " + probe.endOffsets(EventCatalogue.DEAD_LETTERS.name())
                            + " (see its log)");
                }
            }
            if (now > deadline) {
                throw new IllegalStateException(phase + ": not done after " + TIMEOUT + ": " + probe.stored() + " of "
                        + expectedRows + " rows stored, stored done: " + (storedAt >= 0) + ", outbox unpublished "
                        + probe.unpublished());
            }
            Thread.sleep(POLL.toMillis());
        }
        CpuSplit cpu = Snapshot.take(stack, parts, gateway).since(cpu0);
        Thread.sleep(1500); // PostgreSQL flushes its statistics about once a second
        DbStats db = probe.stats().minus(db0);
        System.out.printf(Locale.ROOT, "%s: CPU s over %.1f s: gateway %.1f, PostgreSQL %.1f, Kafka %.1f, other services %.1f,"
                        + " benchmark %.1f; machine busy %.0f%%, steal %.0f%%%n", phase, cpu.wallSeconds(), cpu.gateway(),
                cpu.postgres(), cpu.kafka(), cpu.otherServices(), cpu.benchmark(), 100 * cpu.machine().busy(),
                100 * cpu.machine().steal());
        return new Phase(phase, eventsAtStart, eventsAtStart, (storedAt - startNanos) / 1e9, (countedAt - startNanos) / 1e9,
                cpu, db, timeline);
    }
}
