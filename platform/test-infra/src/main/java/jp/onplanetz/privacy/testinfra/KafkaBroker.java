package jp.onplanetz.privacy.testinfra;

import jp.onplanetz.privacy.events.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one process), run as a JVM
 * of its own from the {@code org.apache.kafka} jars on Maven Central. It can be stopped hard and started
 * again on the same ports and data, which is how the outbox tests make a real broker outage.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private Process process;

    private KafkaBroker(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = brokerClasspath();
    }

    /**
     * Formats a fresh log directory under {@code directory} and starts the broker.
     *
     * @param port 0 for any free port
     */
    public static KafkaBroker start(Path directory, int port) {
        KafkaBroker broker = new KafkaBroker(directory, port == 0 ? FreePorts.find() : port, FreePorts.find());
        broker.format();
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the broker on its ports and data (after {@link #stop()}); returns once it serves requests. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        process = launch("broker", KafkaBrokerMain.class.getName(), directory.resolve("server.properties").toString());
        awaitReady(Duration.ofSeconds(60));
    }

    /** Kills the broker at once (no controlled shutdown): an outage as the clients see one. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("broker did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Creates the topics as the catalogue describes them; existing ones are left as they are. */
    public void createTopics(Collection<TopicSpec> topics) {
        try (Admin admin = admin()) {
            List<NewTopic> newTopics = topics.stream().map(t -> new NewTopic(t.name(), t.partitions(), (short) 1)
                    .configs(Map.of("cleanup.policy", t.cleanupPolicy(), "retention.ms", Long.toString(t.retentionMs()))))
                    .toList();
            admin.createTopics(newTopics).values().forEach((name, f) -> {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + name, e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("could not create topic " + name, e);
                }
            });
        }
    }

    /**
     * Creates one topic that is not in the catalogue (a test's own). Plain types only: Quarkus tests load
     * this module parent-first, and a catalogue or Kafka type would cross class loaders.
     */
    public void createTopic(String name, int partitions) {
        createTopics(List.of(new TopicSpec(name, "test topic", "test key", partitions, "delete", Duration.ofDays(1),
                List.of(), List.of(), List.of())));
    }

    /** An admin client; for this module's own use (see {@link #createTopic}). */
    Admin admin() {
        return OwnClassLoader.call(() -> Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000)));
    }

    @Override
    public void close() {
        stop();
    }

    private void format() {
        try {
            deleteRecursively(directory); // every run starts from an empty log: no state of an earlier run
            Files.createDirectories(directory);
            Path data = directory.resolve("data");
            Properties p = new Properties();
            p.setProperty("process.roles", "broker,controller");
            p.setProperty("node.id", "1");
            p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.setProperty("controller.listener.names", "CONTROLLER");
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
            p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.setProperty("log.dirs", data.toString());
            // Topics come from the event catalogue only: a topic nobody documented must not appear.
            p.setProperty("auto.create.topics.enable", "false");
            p.setProperty("num.partitions", "1");
            p.setProperty("offsets.topic.replication.factor", "1");
            // The default 50 partitions made the first consumer group join slow on two cores.
            p.setProperty("offsets.topic.num.partitions", "1");
            p.setProperty("transaction.state.log.replication.factor", "1");
            p.setProperty("transaction.state.log.min.isr", "1");
            p.setProperty("share.coordinator.state.topic.replication.factor", "1");
            p.setProperty("share.coordinator.state.topic.min.isr", "1");
            p.setProperty("group.initial.rebalance.delay.ms", "0");
            try (var out = Files.newBufferedWriter(directory.resolve("server.properties"))) {
                p.store(out, "written by privacy-ops test-infra");
            }
            Files.writeString(directory.resolve("log4j2.properties"), """
                    status = warn
                    appender.file.type = File
                    appender.file.name = file
                    appender.file.fileName = %s
                    appender.file.layout.type = PatternLayout
                    appender.file.layout.pattern = [%%d] %%p %%m (%%c)%%n
                    rootLogger.level = info
                    rootLogger.appenderRef.file.ref = file
                    logger.kafka.name = kafka
                    logger.kafka.level = warn
                    logger.kafkaserver.name = kafka.server.KafkaRaftServer
                    logger.kafkaserver.level = info
                    logger.apache.name = org.apache.kafka
                    logger.apache.level = warn
                    """.formatted(directory.resolve("broker.log")));
            Process format = launch("format", "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                    "-c", directory.resolve("server.properties").toString());
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("kafka storage format failed: see " + directory.resolve("format.out"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Process launch(String name, String mainClass, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx384m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + directory.resolve("log4j2.properties"),
                "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve(name + ".out").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not launch " + name, e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker exited with " + process.exitValue() + ": see "
                        + directory.resolve("broker.out") + " and broker.log");
            }
            if (!acceptsConnections()) {
                // No admin client before the port is open: each failed bootstrap floods the log.
                sleep(100);
                continue;
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                sleep(200);
            }
        }
        throw new IllegalStateException("broker not ready after " + timeout, last);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private boolean acceptsConnections() {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The broker's jars (written at build time) plus this module's own classes, for {@link KafkaBrokerMain}. */
    private static String brokerClasspath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " missing: build test-infra with Maven");
            }
            String jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String self = Path.of(KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return self + java.io.File.pathSeparator + jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
