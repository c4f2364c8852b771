package jp.onplanetz.privacy.benchmarks.measure;

import jp.onplanetz.privacy.benchmarks.measure.ServerLatency;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency as the service itself measured it: the cumulative buckets of its HTTP server timer
 * ({@code http_server_requests_seconds_bucket}, bounds set by service-runtime's LatencyBuckets), read from
 * {@code /q/metrics} before and after a phase. Apart from the network, the load generator and the
 * machine's scheduling, it shows what the endpoint's own work costs.
 */
public final class ServerLatency {

    private static final Pattern BUCKET = Pattern.compile("^http_server_requests_seconds_bucket\\{([^}]*)} ([0-9.eE+-]+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Requests counted at or under each bound (milliseconds; +Inf as infinity). */
    public record Buckets(TreeMap<Double, Long> cumulative) {

        public long total() {
            return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        }

        public Buckets minus(Buckets earlier) {
            TreeMap<Double, Long> d = new TreeMap<>();
            cumulative.forEach((bound, count) -> d.put(bound, count - earlier.cumulative.getOrDefault(bound, 0L)));
            return new Buckets(d);
        }

        /** The share of requests that finished within {@code millis} (a bucket bound). */
        public double shareWithin(double millis) {
            long total = total();
            Long within = cumulative.get(millis);
            return total == 0 || within == null ? Double.NaN : (double) within / total;
        }

        /** The smallest bound within which at least {@code quantile} of the requests finished. */
        public double boundOf(double quantile) {
            long total = total();
            for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
                if (total > 0 && e.getValue() >= quantile * total) {
                    return e.getKey();
                }
            }
            return Double.POSITIVE_INFINITY;
        }
    }

    private ServerLatency() {
    }

    public static Buckets read(String baseUrl, String method, String uri) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        TreeMap<Double, Long> cumulative = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = BUCKET.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher l = LABEL.matcher(m.group(1));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            if (!method.equals(labels.get("method")) || !uri.equals(labels.get("uri")) || labels.get("le") == null) {
                continue;
            }
            double bound = labels.get("le").equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(labels.get("le")) * 1000;
            // Several series (per status) may share the bucket: add them up.
            cumulative.merge(Math.round(bound * 1000) / 1000.0, (long) Double.parseDouble(m.group(2)), Long::sum);
        }
        return new Buckets(cumulative);
    }
}
