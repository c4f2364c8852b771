package jp.onplanetz.privacy.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service of the suite, run from its packaged jar as production runs it, configured by system properties. */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;
    private final long launchedAtNanos;
    private long readyAfterMillis = -1;

    private ServiceProcess(String name, int port, Process process, long launchedAtNanos) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.launchedAtNanos = launchedAtNanos;
    }

    /**
     * Starts {@code name} from {@code jar}; {@code cpus} (a list for {@code taskset -c}, e.g. {@code 1}) keeps it on
     * those cores, null leaves it where the scheduler puts it. Benchmarks use that to keep a service apart from its
     * load generator.
     */
    static ServiceProcess launch(String name, Path jar, int port, Map<String, String> config, Path log, String cpus)
            throws IOException {
        return launch(name, jar, port, config, log, cpus == null ? List.of() : List.of("taskset", "-c", cpus));
    }

    /**
     * Starts {@code name} from {@code jar} with its java command run by {@code commandPrefix} (empty: directly):
     * {@code taskset}, or a sandbox such as bubblewrap that runs the packaged service as a container runtime would
     * (another user, a read-only root), so that one launcher serves the local stack and the deployment's proofs.
     */
    public static ServiceProcess launch(String name, Path jar, int port, Map<String, String> config, Path log,
            List<String> commandPrefix) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw -DskipTests package)");
        }
        List<String> cmd = command(name, jar, port, config, commandPrefix);
        Files.createDirectories(log.getParent());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServiceProcess(name, port, p, t0);
    }

    /** The command line that runs the service: the prefix, then java with the settings as system properties. */
    static List<String> command(String name, Path jar, int port, Map<String, String> config, List<String> commandPrefix) {
        List<String> cmd = new ArrayList<>(commandPrefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC"));
        // Diagnostics only (e.g. -XX:StartFlightRecording=... when profiling a benchmark); empty normally.
        String extra = System.getProperty("privacyops.service.jvm-args", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.replace("{service}", name).split("\\s+")));
        }
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Dquarkus.http.port=" + port);
        // absolute: a prefix may run it from another working directory
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        return cmd;
    }

    /** Waits until the readiness probe answers UP (database and broker reachable). */
    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see its log");
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    readyAfterMillis = (System.nanoTime() - launchedAtNanos) / 1_000_000;
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " not ready after " + timeout);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Milliseconds from launch to a ready readiness probe; -1 before. */
    public long readyAfterMillis() {
        return readyAfterMillis;
    }

    /** Resident memory now, in MiB, from /proc (Linux); -1 where unknown. */
    public long residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or gone
        }
        return -1;
    }

    /**
     * CPU time the process has used so far (user and system), where the platform reports it. Benchmarks
     * compare it with the load generator's own: on a small machine they share the cores.
     */
    public java.util.Optional<Duration> cpuTime() {
        return process.toHandle().info().totalCpuDuration();
    }

    /**
     * Ends the process with SIGKILL, as the kernel's OOM killer or a lost node would: no shutdown hook runs, nothing
     * is flushed or finished. Returns once it is gone.
     */
    public void kill() {
        process.destroyForcibly(); // SIGKILL on Linux
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " still running 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The launched process's exit code once it has ended, waiting at most {@code timeout}; empty while it still
     * runs. A service that must refuse to start (a missing key) is shown to exit, and how.
     */
    public java.util.OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? java.util.OptionalInt.of(process.exitValue())
                    : java.util.OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The launched process: the JVM, or the command prefix's process (a sandbox) with the JVM among its descendants. */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: Quarkus shuts down gracefully (the outbox relay finishes its batch)
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
