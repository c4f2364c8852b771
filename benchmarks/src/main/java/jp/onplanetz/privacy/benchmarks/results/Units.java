package jp.onplanetz.privacy.benchmarks.results;

import java.time.Duration;

/** How the results files round figures and state times, the same in every benchmark's file. */
public final class Units {

    private Units() {
    }

    public static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
