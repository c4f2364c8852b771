package jp.onplanetz.privacy.localstack.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Puts an HTTP endpoint under load and measures it, in one of two ways:
 * <ul>
 * <li>{@link #closedLoop closed loop}: a fixed number of clients, each sending its next request as soon as
 * the previous one is answered. It finds the throughput an endpoint sustains.</li>
 * <li>{@link #openLoop open loop}: requests at a fixed rate, each at its intended start time whatever happened
 * to the ones before. Latency is counted from that intended time, not from the moment the request actually
 * left: a stall that holds the sender back is charged to every request it delayed (no coordinated omission).
 * It finds the latency an endpoint gives at a given load.</li>
 * </ul>
 * HTTP/1.1 with keep-alive, as a service calls another inside the cluster. Only answers with the target's
 * expected status are measured; any other answer, a failed exchange or a timeout is an error.
 */
public final class HttpLoad {

    /**
     * In-flight requests of the open loop beyond which the sender waits for an answer. It only bounds
     * connections when the endpoint stalls; the wait is charged to the delayed requests' latency.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT = 256;
    /** An exchange taking longer than this is an error; a worker does not wait on a dead endpoint forever. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.SECONDS.toMicros(60);
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final int ERROR_SAMPLES = 5;
    private static final int ERROR_BODY_CHARS = 300;

    /**
     * One kind of request to put under load.
     *
     * @param name           what the figures are of, in reports and error messages
     * @param requests       gives the next request; called from several threads at once, so that each
     *                       request may carry a different body
     * @param expectedStatus the status of a correct answer; any other counts as an error
     */
    public record Target(String name, Supplier<HttpRequest> requests, int expectedStatus) {
    }

    /**
     * The figures of one run (or of several runs of one target, {@link #plus added}).
     *
     * @param requests      expected answers received in the measured window (after the warm-up)
     * @param errors        unexpected answers, failed exchanges and timeouts over the whole run, warm-up
     *                      included: one error means the figures are not of the endpoint working
     * @param window        the measured time
     * @param latencyMicros latencies of the measured requests in microseconds
     * @param errorSamples  the first few errors, described
     */
    public record Result(String name, long requests, long errors, Duration window, Histogram latencyMicros,
            List<String> errorSamples) {

        public Result {
            errorSamples = List.copyOf(errorSamples);
        }

        /** Closed loop: the throughput; open loop: the rate achieved (answers over the measured window). */
        public double perSecond() {
            return window.isZero() ? 0 : requests * 1e9 / window.toNanos();
        }

        public double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        public double p50Millis() {
            return percentileMillis(50);
        }

        public double p99Millis() {
            return percentileMillis(99);
        }

        public double maxMillis() {
            return latencyMicros.getMaxValue() / 1000.0;
        }

        /** Two runs of the same target as one: counts, windows and histograms summed. */
        public Result plus(Result other) {
            if (!name.equals(other.name)) {
                throw new IllegalArgumentException("cannot add the figures of " + other.name + " to those of " + name);
            }
            Histogram merged = latencyMicros.copy();
            merged.add(other.latencyMicros);
            List<String> samples = new ArrayList<>(errorSamples);
            other.errorSamples.stream().limit(Math.max(0, ERROR_SAMPLES - samples.size())).forEach(samples::add);
            return new Result(name, requests + other.requests, errors + other.errors, window.plus(other.window),
                    merged, samples);
        }

        /** This result, if every answer was the expected one; otherwise an exception naming the first errors. */
        public Result requireNoErrors() {
            if (errors > 0) {
                throw new IllegalStateException(name + ": " + errors + " errors, so its figures measure something else; first: "
                        + String.join(" | ", errorSamples));
            }
            return this;
        }
    }

    private final HttpClient client;

    public HttpLoad() {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** With a client of the caller's choosing; it should speak HTTP/1.1 to measure what a service's client sees. */
    public HttpLoad(HttpClient client) {
        this.client = client;
    }

    /**
     * {@code concurrency} clients, each sending requests back to back for {@code warmUp} and then
     * {@code duration}. Answers that arrive within the measured window are measured; those of the warm-up
     * and any that arrive after the window are not.
     */
    public Result closedLoop(Target target, int concurrency, Duration warmUp, Duration duration) throws InterruptedException {
        Errors errors = new Errors(target);
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long measureTo = measureFrom + duration.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, daemonThreads("http-load-" + target.name()));
        try {
            List<Future<Histogram>> runs = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                runs.add(workers.submit(() -> {
                    // One histogram per client: no sharing on the hot path, merged at the end.
                    Histogram latencies = newHistogram();
                    while (true) {
                        HttpRequest request = target.requests().get();
                        long sent = System.nanoTime();
                        if (sent >= measureTo) {
                            break;
                        }
                        boolean expected = exchange(request, errors);
                        long answered = System.nanoTime();
                        if (expected && answered >= measureFrom && answered <= measureTo) {
                            latencies.recordValue(micros(answered - sent));
                        }
                    }
                    return latencies;
                }));
            }
            Histogram all = newHistogram();
            for (Future<Histogram> run : runs) {
                all.add(run.get());
            }
            return new Result(target.name(), all.getTotalCount(), errors.count(), duration, all, errors.samples());
        } catch (ExecutionException e) {
            throw new IllegalStateException(target.name() + ": a load client failed", e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    /** {@link #openLoop(Target, double, Duration, Duration, int)} with {@link #DEFAULT_MAX_IN_FLIGHT}. */
    public Result openLoop(Target target, double ratePerSecond, Duration warmUp, Duration duration) throws InterruptedException {
        return openLoop(target, ratePerSecond, warmUp, duration, DEFAULT_MAX_IN_FLIGHT);
    }

    /**
     * Requests at {@code ratePerSecond}, evenly spaced, for {@code warmUp} and then {@code duration}. Each
     * request's latency runs from its intended start time to its answer; requests intended to start within
     * the measured window are measured. The rate achieved is the measured answers over the time from the
     * window's start to the last of them: below the rate asked for when the endpoint (or this sender) falls
     * behind.
     */
    public Result openLoop(Target target, double ratePerSecond, Duration warmUp, Duration duration, int maxInFlight)
            throws InterruptedException {
        if (ratePerSecond <= 0 || maxInFlight <= 0) {
            throw new IllegalArgumentException("rate and in-flight bound must be positive: " + ratePerSecond + ", " + maxInFlight);
        }
        Errors errors = new Errors(target);
        Histogram latencies = new ConcurrentHistogram(HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
        AtomicLong lastMeasuredAnswer = new AtomicLong(Long.MIN_VALUE);
        Semaphore inFlight = new Semaphore(maxInFlight);
        double intervalNanos = 1e9 / ratePerSecond;
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long measureTo = measureFrom + duration.toNanos();
        for (long i = 0; ; i++) {
            long intended = start + Math.round(i * intervalNanos);
            if (intended >= measureTo) {
                break;
            }
            parkUntil(intended);
            inFlight.acquire();
            boolean measured = intended >= measureFrom;
            CompletableFuture<HttpResponse<byte[]>> answer;
            try {
                answer = client.sendAsync(target.requests().get(), HttpResponse.BodyHandlers.ofByteArray())
                        .orTimeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                inFlight.release();
                throw e;
            }
            answer.whenComplete((response, failure) -> {
                long answered = System.nanoTime();
                try {
                    if (errors.judge(response, failure) && measured) {
                        latencies.recordValue(micros(answered - intended));
                        lastMeasuredAnswer.accumulateAndGet(answered, Math::max);
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
        // Every exchange ends within the request timeout, so all permits come back unless something is broken.
        if (!inFlight.tryAcquire(maxInFlight, REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(target.name() + ": requests still in flight long after the run");
        }
        long last = lastMeasuredAnswer.get();
        Duration window = Duration.ofNanos(last == Long.MIN_VALUE ? duration.toNanos() : Math.max(1, last - measureFrom));
        Histogram copy = newHistogram();
        copy.add(latencies);
        return new Result(target.name(), copy.getTotalCount(), errors.count(), window, copy, errors.samples());
    }

    /** Sends one request and waits for its answer; true if it is the expected one. */
    private boolean exchange(HttpRequest request, Errors errors) throws InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return errors.judge(answer.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (ExecutionException e) {
            return errors.judge(null, e.getCause());
        } catch (TimeoutException e) {
            answer.cancel(true);
            return errors.judge(null, e);
        }
    }

    private static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
    }

    private static long micros(long nanos) {
        return Math.min(HIGHEST_TRACKABLE_MICROS, Math.max(0, nanos / 1000));
    }

    private static void parkUntil(long nanoTime) {
        for (long wait = nanoTime - System.nanoTime(); wait > 0; wait = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Counts the answers that are not the expected one and keeps the first few, described. */
    private static final class Errors {
        private final Target target;
        private final AtomicLong count = new AtomicLong();
        private final List<String> samples = Collections.synchronizedList(new ArrayList<>());

        Errors(Target target) {
            this.target = target;
        }

        boolean judge(HttpResponse<byte[]> response, Throwable failure) {
            if (failure == null && response.statusCode() == target.expectedStatus()) {
                return true;
            }
            count.incrementAndGet();
            if (samples.size() < ERROR_SAMPLES) {
                samples.add(failure != null ? describe(failure) : "status " + response.statusCode() + " (expected "
                        + target.expectedStatus() + "): " + abbreviate(new String(response.body(), StandardCharsets.UTF_8)));
            }
            return false;
        }

        long count() {
            return count.get();
        }

        List<String> samples() {
            synchronized (samples) {
                return List.copyOf(samples.subList(0, Math.min(ERROR_SAMPLES, samples.size())));
            }
        }

        private static String describe(Throwable failure) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return cause instanceof TimeoutException ? "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s" : cause.toString();
        }

        private static String abbreviate(String body) {
            return body.length() <= ERROR_BODY_CHARS ? body : body.substring(0, ERROR_BODY_CHARS) + "...";
        }
    }
}
