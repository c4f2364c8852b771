package jp.onplanetz.privacy.benchmarks.measure;

import jp.onplanetz.privacy.benchmarks.measure.OwnCpu;

import java.time.Duration;

/** The CPU time of the benchmark's own JVM (the load generator, the probes), counted beside the services'. */
public final class OwnCpu {

    private OwnCpu() {
    }

    public static Duration sinceStart() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }
}
