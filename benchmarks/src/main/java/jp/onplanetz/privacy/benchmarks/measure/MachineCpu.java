package jp.onplanetz.privacy.benchmarks.measure;

import jp.onplanetz.privacy.benchmarks.measure.MachineCpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time from /proc/stat: on a shared two-core machine, how busy it was during a phase
 * tells whether a figure was capped by the cores (or by another tenant: steal). Shared by the benchmarks.
 */
public record MachineCpu(long total, long idle, long steal) {

    public record Share(double busy, double steal) {
    }

    public static MachineCpu read() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            return new MachineCpu(total, Long.parseLong(f[4]) + Long.parseLong(f[5]), f.length > 8 ? Long.parseLong(f[8]) : 0);
        } catch (IOException | RuntimeException e) {
            return new MachineCpu(0, 0, 0);
        }
    }

    public Share since(MachineCpu earlier) {
        long dt = total - earlier.total;
        return dt <= 0 ? new Share(Double.NaN, Double.NaN)
                : new Share((double) (dt - (idle - earlier.idle)) / dt, (double) (steal - earlier.steal) / dt);
    }
}
