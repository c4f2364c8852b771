package jp.onplanetz.privacy.benchmarks.measure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The load generator against a JDK HTTP server whose answers take a known time, so that its figures can be
 * checked against what they must be: no latency below the server's own 5 ms, no throughput above what that
 * time allows, and every unexpected answer counted.
 */
class HttpLoadTest {

    private static final int SERVICE_MILLIS = 5;

    private HttpServer server;
    private ExecutorService serverThreads;
    private final HttpLoad load = new HttpLoad();

    @AfterEach
    void stop() {
        load.close();
        if (server != null) {
            server.stop(0);
        }
        if (serverThreads != null) {
            serverThreads.shutdownNow();
        }
    }

    @Test
    void closedLoopThroughputAndLatencyAgreeWithTheServersServiceTime() throws Exception {
        URI uri = serve(200, 16, () -> SERVICE_MILLIS);
        int concurrency = 4;

        HttpLoad.Result r = load.closedLoop(target(uri, 200), concurrency, Duration.ofMillis(300), Duration.ofSeconds(1));

        assertThat(r.errors()).isZero();
        assertThat(r.p50Millis()).isGreaterThanOrEqualTo(SERVICE_MILLIS);
        assertThat(r.p99Millis()).isGreaterThanOrEqualTo(r.p50Millis()).isLessThan(500);
        // Each client waits at least 5 ms per answer: at most 200 answers a second per client.
        assertThat(r.perSecond()).isLessThanOrEqualTo(concurrency * 1000.0 / SERVICE_MILLIS * 1.05);
        assertThat(r.perSecond()).as("even a loaded machine answers a 5 ms request more than 10 times a second per client")
                .isGreaterThan(concurrency * 10.0);
        assertThat(r.requests()).isEqualTo(r.latencyMicros().getTotalCount());
    }

    @Test
    void anAnswerWithAnotherStatusThanExpectedIsAnErrorAndIsNotMeasured() throws Exception {
        URI uri = serve(200, 4, () -> 0);

        HttpLoad.Result r = load.closedLoop(target(uri, 201), 2, Duration.ofMillis(100), Duration.ofMillis(400));

        assertThat(r.errors()).isPositive();
        assertThat(r.requests()).isZero();
        assertThat(r.errorSamples()).isNotEmpty().allSatisfy(s -> assertThat(s).startsWith("status 200 (expected 201)"));
        assertThatThrownBy(r::requireNoErrors).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("status 200 (expected 201)");
    }

    @Test
    void openLoopKeepsItsRateAndMeasuresFromTheIntendedStart() throws Exception {
        URI uri = serve(200, 16, () -> SERVICE_MILLIS);
        double rate = 200;

        HttpLoad.Result r = load.openLoop(target(uri, 200), rate, Duration.ofMillis(200), Duration.ofSeconds(1));

        assertThat(r.errors()).isZero();
        assertThat(r.requests()).isBetween(195L, 201L);
        assertThat(r.perSecond()).as("answers over the window up to the last answer").isBetween(rate * 0.8, rate * 1.01);
        assertThat(r.p50Millis()).isGreaterThanOrEqualTo(SERVICE_MILLIS);
        assertThat(r.maxMillis()).isGreaterThanOrEqualTo(r.p99Millis());
    }

    /**
     * The server answers one request at a time (one thread) and stalls once for 250 ms while requests are due every
     * 10 ms, and the sender may have only one in flight, so it is held back. Measured from when each
     * request actually left, the requests behind the stall would look fast; measured from when each was
     * due, as the open loop does, about 25 of them show the stall.
     */
    @Test
    void aStallIsChargedToEveryRequestItDelayed() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        URI uri = serve(200, 1, () -> seen.incrementAndGet() == 60 ? 250 : 1);

        HttpLoad.Result r = load.openLoop(target(uri, 200), 100, Duration.ofMillis(200), Duration.ofSeconds(1), 1);

        assertThat(r.errors()).isZero();
        assertThat(r.maxMillis()).isGreaterThanOrEqualTo(250);
        long delayed = r.latencyMicros().getCountBetweenValues(100_000, r.latencyMicros().getMaxValue());
        assertThat(delayed).as("requests of at least 100 ms").isGreaterThanOrEqualTo(10);
    }

    private static HttpLoad.Target target(URI uri, int expectedStatus) {
        return new HttpLoad.Target("test", () -> HttpRequest.newBuilder(uri).GET().build(), expectedStatus);
    }

    /**
     * Starts a server that answers {@code status} after sleeping the given milliseconds, on {@code threads}
     * threads. The answer has no body: this server writes a body apart from the headers, and the second
     * small write would wait for the client's delayed ACK (Nagle), some 40 ms that are not the load
     * generator's.
     */
    private URI serve(int status, int threads, IntSupplier sleepMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        serverThreads = Executors.newFixedThreadPool(threads);
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> answer(exchange, status, sleepMillis.getAsInt()));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/work");
    }

    private static void answer(HttpExchange exchange, int status, int sleepMillis) throws IOException {
        try {
            exchange.getRequestBody().readAllBytes();
            Thread.sleep(sleepMillis);
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }
}
