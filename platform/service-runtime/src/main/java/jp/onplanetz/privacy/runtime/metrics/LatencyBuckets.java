package jp.onplanetz.privacy.runtime.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Fixed latency buckets on every service's HTTP server timer ({@code http_server_requests_seconds_bucket}),
 * so that dashboards and the benchmarks can read what share of requests finished within a bound (is the
 * p99 under 2 ms?) as the service itself measured it, apart from the network and the caller's machine.
 * Fixed bounds rather than Micrometer's percentile histogram: ten buckets per endpoint, not dozens.
 */
@Singleton
public class LatencyBuckets {

    /** Bounds in milliseconds; 2 ms is the decision API's target. */
    static final double[] BOUNDS_MILLIS = {0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000};

    @Produces
    @Singleton
    MeterFilter httpServerLatencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!"http.server.requests".equals(id.getName())) {
                    return config;
                }
                double[] nanos = new double[BOUNDS_MILLIS.length];
                for (int i = 0; i < nanos.length; i++) {
                    nanos[i] = Duration.ofNanos(Math.round(BOUNDS_MILLIS[i] * 1_000_000)).toNanos();
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
