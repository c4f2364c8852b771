package jp.onplanetz.privacy.benchmarks.measure;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jp.onplanetz.privacy.benchmarks.measure.HttpLoad;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * HTTP/1.1 with keep-alive, as a service calls another inside the cluster, sent by a Vert.x client on one
 * event loop: the JDK's client costs so much CPU per request that on a small machine it takes from the measured
 * service what it is meant to measure. Requests are described as JDK
 * {@link HttpRequest}s (method, URI, headers, body). Only answers with the target's expected status are
 * measured; any other answer, a failed exchange or a timeout is an error.
 */
public final class HttpLoad implements AutoCloseable {

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

    private final Vertx vertx;
    private final HttpClient client;

    public HttpLoad() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setConnectTimeout(5000),
                new PoolOptions().setHttp1MaxSize(DEFAULT_MAX_IN_FLIGHT));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** The answer to one exchange: status and body, or the failure. */
    private record Answer(int status, byte[] body, Throwable failure) {
    }

    /** Sends one request; the future completes on the client's event loop. */
    private CompletableFuture<Answer> send(HttpRequest request) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(request.method()))
                .setAbsoluteURI(request.uri().toString()).setIdleTimeout(REQUEST_TIMEOUT.toMillis());
        request.headers().map().forEach((name, values) -> values.forEach(v -> options.addHeader(name, v)));
        byte[] body = bodyOf(request);
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        client.request(options)
                .compose(r -> body.length == 0 ? r.send() : r.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> new Answer(response.statusCode(), b.getBytes(), null)))
                .onComplete(result -> answer.complete(result.succeeded() ? result.result()
                        : new Answer(-1, new byte[0], result.cause())));
        return answer;
    }

    /** The bytes of a JDK request's body (the publishers we use give them at once). */
    private static byte[] bodyOf(HttpRequest request) {
        if (request.bodyPublisher().isEmpty() || request.bodyPublisher().get().contentLength() == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.write(bytes, 0, bytes.length);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.join();
        return out.toByteArray();
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
        Histogram all = new ConcurrentHistogram(HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
        CountDownLatch clientsDone = new CountDownLatch(concurrency);
        for (int c = 0; c < concurrency; c++) {
            nextExchange(target, errors, all, measureFrom, measureTo, clientsDone);
        }
        if (!clientsDone.await(duration.plus(warmUp).plus(REQUEST_TIMEOUT).toSeconds() + 10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(target.name() + ": load clients still busy long after the run");
        }
        Histogram copy = newHistogram();
        copy.add(all);
        return new Result(target.name(), copy.getTotalCount(), errors.count(), duration, copy, errors.samples());
    }

    /** One closed-loop client: sends, and on the answer sends again, until the window has passed. */
    private void nextExchange(Target target, Errors errors, Histogram latencies, long measureFrom, long measureTo,
            CountDownLatch done) {
        long sent = System.nanoTime();
        if (sent >= measureTo) {
            done.countDown();
            return;
        }
        send(target.requests().get()).whenComplete((answer, failure) -> {
            long answered = System.nanoTime();
            boolean expected = errors.judge(answer, failure);
            if (expected && answered >= measureFrom && answered <= measureTo) {
                latencies.recordValue(micros(answered - sent));
            }
            nextExchange(target, errors, latencies, measureFrom, measureTo, done);
        });
    }

    /**
     * {@code concurrency} clients sending {@code total} requests between them, each client its next as soon as its
     * previous one is answered: for work of a given size (loading a million records) rather than for a given time.
     * Every expected answer is measured; the window runs from the first request to the last answer, so
     * {@link Result#perSecond()} is the rate the whole work went at.
     */
    public Result closedLoopCount(Target target, int concurrency, long total) throws InterruptedException {
        Errors errors = new Errors(target);
        Histogram all = new ConcurrentHistogram(HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
        AtomicLong issued = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        CountDownLatch clientsDone = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            nextCountedExchange(target, errors, all, issued, total, lastAnswer, clientsDone);
        }
        // Every exchange ends within the request timeout, so the clients finish unless something is broken.
        clientsDone.await();
        Histogram copy = newHistogram();
        copy.add(all);
        return new Result(target.name(), copy.getTotalCount(), errors.count(),
                Duration.ofNanos(Math.max(1, lastAnswer.get() - start)), copy, errors.samples());
    }

    /** One client of {@link #closedLoopCount}: sends, and on the answer sends again, until all are sent. */
    private void nextCountedExchange(Target target, Errors errors, Histogram latencies, AtomicLong issued, long total,
            AtomicLong lastAnswer, CountDownLatch done) {
        if (issued.getAndIncrement() >= total) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        send(target.requests().get()).whenComplete((answer, failure) -> {
            long answered = System.nanoTime();
            if (errors.judge(answer, failure)) {
                latencies.recordValue(micros(answered - sent));
            }
            lastAnswer.accumulateAndGet(answered, Math::max);
            nextCountedExchange(target, errors, latencies, issued, total, lastAnswer, done);
        });
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
            CompletableFuture<Answer> answer;
            try {
                answer = send(target.requests().get());
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


    /** Counts the answers that are not the expected one and keeps the first few, described. */
    private static final class Errors {
        private final Target target;
        private final AtomicLong count = new AtomicLong();
        private final List<String> samples = Collections.synchronizedList(new ArrayList<>());

        Errors(Target target) {
            this.target = target;
        }

        boolean judge(Answer answer, Throwable failure) {
            Throwable problem = failure != null ? failure : answer.failure();
            if (problem == null && answer.status() == target.expectedStatus()) {
                return true;
            }
            count.incrementAndGet();
            if (samples.size() < ERROR_SAMPLES) {
                samples.add(problem != null ? describe(problem) : "status " + answer.status() + " (expected "
                        + target.expectedStatus() + "): " + abbreviate(new String(answer.body(), StandardCharsets.UTF_8)));
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
            return cause instanceof TimeoutException || cause instanceof io.vertx.core.http.HttpClosedException
                    && cause.getMessage() != null && cause.getMessage().contains("idle")
                    ? "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s" : cause.toString();
        }

        private static String abbreviate(String body) {
            return body.length() <= ERROR_BODY_CHARS ? body : body.substring(0, ERROR_BODY_CHARS) + "...";
        }
    }
}
