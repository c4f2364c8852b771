package jp.onplanetz.privacy.benchmarks.analytics;

import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.CpuSplit;
import jp.onplanetz.privacy.benchmarks.measure.MachineCpu;
import jp.onplanetz.privacy.benchmarks.measure.OwnCpu;
import jp.onplanetz.privacy.benchmarks.results.Units;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.localstack.ServiceProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static jp.onplanetz.privacy.benchmarks.results.Units.seconds;

/**
 * The CPU time of each part of the stack (gateway, PostgreSQL, broker, other services, the benchmark itself, which
 * runs the essential consumer).
 */
final class StackCpu {

    private StackCpu() {
    }

    /** The processes whose CPU time is measured besides the services: the stack's PostgreSQL server and broker. */
    record Parts(Optional<ProcessHandle> postgres, Optional<ProcessHandle> kafka) {

        static Parts find(LocalStack stack) {
            String port = Integer.toString(stack.postgres().port());
            Optional<ProcessHandle> postgres = ProcessHandle.allProcesses().filter(h -> {
                List<String> args = h.info().arguments().map(List::of).orElse(List.of());
                int p = args.indexOf("-p");
                return h.info().command().orElse("").endsWith("/postgres") && p >= 0 && p + 1 < args.size()
                        && args.get(p + 1).equals(port);
            }).findFirst();
            // The broker is this JVM's child; other stacks on the machine run brokers of their own.
            Optional<ProcessHandle> kafka = ProcessHandle.current().descendants()
                    .filter(h -> commandLine(h).contains("KafkaBrokerMain")).findFirst();
            if (postgres.isEmpty() || kafka.isEmpty()) {
                System.out.println("warning: CPU of " + (postgres.isEmpty() ? "PostgreSQL " : "") + (kafka.isEmpty() ? "Kafka" : "")
                        + " not found, counted as 0");
            }
            return new Parts(postgres, kafka);
        }
    }

    /** A process's whole command line from /proc (ProcessHandle.Info gave none for the broker's long one). */
    static String commandLine(ProcessHandle h) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return h.info().commandLine().orElse("");
        }
    }

    /** The CPU time of every part of the stack at one moment. */
    record Snapshot(long nanos, double gateway, double postgres, double kafka, double otherServices, double benchmark,
            MachineCpu machine) {

        /** The gateway is null while it is stopped: its CPU is then 0. */
        static Snapshot take(LocalStack stack, Parts parts, ServiceProcess gateway) {
            double others = 0;
            for (ServiceProcess s : stack.services()) {
                if (!s.name().equals(Services.ANALYTICS)) {
                    others += s.cpuTime().map(Units::seconds).orElse(0.0);
                }
            }
            double gatewayCpu = gateway == null ? 0 : gateway.cpuTime().map(Units::seconds).orElse(0.0);
            return new Snapshot(System.nanoTime(), gatewayCpu,
                    treeCpu(parts.postgres()), treeCpu(parts.kafka()), others, seconds(OwnCpu.sinceStart()), MachineCpu.read());
        }

        double gatewayCpuSince(Snapshot earlier) {
            return gateway - earlier.gateway;
        }

        CpuSplit since(Snapshot earlier) {
            return new CpuSplit((nanos - earlier.nanos) / 1e9, gateway - earlier.gateway, postgres - earlier.postgres,
                    kafka - earlier.kafka, otherServices - earlier.otherServices, benchmark - earlier.benchmark,
                    machine.since(earlier.machine));
        }
    }

    /** CPU seconds of a process and its live children (PostgreSQL's backends); 0 when it is not found. */
    static double treeCpu(Optional<ProcessHandle> root) {
        if (root.isEmpty()) {
            return 0;
        }
        return Stream.concat(Stream.of(root.get()), root.get().descendants())
                .mapToDouble(h -> h.info().totalCpuDuration().map(Units::seconds).orElse(0.0)).sum();
    }
}
