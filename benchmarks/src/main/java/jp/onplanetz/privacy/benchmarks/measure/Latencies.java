package jp.onplanetz.privacy.benchmarks.measure;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;

import static jp.onplanetz.privacy.benchmarks.results.Units.round;

/** A latency histogram (recorded in microseconds) as the results state it: milliseconds at the usual percentiles. */
public record Latencies(double p50Ms, double p90Ms, double p95Ms, double p99Ms, double maxMs, long count) {

    public static Latencies ofMicros(Histogram h) {
        return new Latencies(millis(h.getValueAtPercentile(50)), millis(h.getValueAtPercentile(90)),
                millis(h.getValueAtPercentile(95)), millis(h.getValueAtPercentile(99)), millis(h.getMaxValue()),
                h.getTotalCount());
    }

    private static double millis(long micros) {
        return round(micros / 1000.0, 1);
    }

    /** The cells of a table row: p50, p90, then {@code tail} (p95 or p99), then max. */
    public List<String> cells(double tail) {
        return List.of(cell(p50Ms), cell(p90Ms), cell(tail), cell(maxMs));
    }

    private static String cell(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }
}
