package jp.onplanetz.privacy.benchmarks.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine a benchmark ran on, as its results file states it: cores, CPU model, memory, OS, JVM, and how busy the
 * shared machine was (load averages) when the run began and ended, where the benchmark notes them.
 */
public record MachineFacts(int cores, String cpu, long memoryMiB, String os, String jvm, String loadAverageAtStart,
        String loadAverageAtEnd) {

    /** This machine now, without load averages. */
    public static MachineFacts ofThisMachine() {
        return new MachineFacts(Runtime.getRuntime().availableProcessors(),
                procValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
                procValue(Path.of("/proc/meminfo"), "MemTotal")
                        .map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024).orElse(-1L),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), null, null);
    }

    /** The same facts with the machine's core count, where the benchmark's own JVM was kept to fewer of them. */
    public MachineFacts withCores(int machineCores) {
        return new MachineFacts(machineCores, cpu, memoryMiB, os, jvm, loadAverageAtStart, loadAverageAtEnd);
    }

    public MachineFacts withLoadAverages(String atStart, String atEnd) {
        return new MachineFacts(cores, cpu, memoryMiB, os, jvm, atStart, atEnd);
    }

    /** The value of the first {@code key: value} line of a /proc file; empty off Linux. */
    public static Optional<String> procValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The 1, 5 and 15 minute load averages: how busy the shared machine was when a run began or ended. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
