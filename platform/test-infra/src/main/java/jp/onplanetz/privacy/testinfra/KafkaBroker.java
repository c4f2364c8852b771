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
 * <p>
 * {@link #start(Path, int, Scram)} starts it as a Strimzi cluster with {@code authentication: scram-sha-512} and
 * {@code authorization: simple} serves clients: SCRAM-SHA-512 on the client listener (SASL_PLAINTEXT: the TLS of
 * Strimzi's listener is not what is tested with it) and Kafka's own {@code StandardAuthorizer}, which refuses
 * whatever no ACL allows.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";
    private static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final Scram scram;
    private Process process;

    /**
     * A client listener that wants SCRAM-SHA-512 and an authorizer that allows only what an ACL allows.
     *
     * @param superUser the user the broker itself and the test's admin client authenticate as; allowed everything,
     *                  like Strimzi's own operators
     */
    public record Scram(String superUser, String superUserPassword) {

        /** The settings a client needs to authenticate as {@code user} on this broker (besides the address). */
        public Map<String, Object> clientSettings(String user, String password) {
            return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", SCRAM_MECHANISM,
                    "sasl.jaas.config", jaasConfig(user, password));
        }

        /** A {@code sasl.jaas.config} value, as Strimzi writes it into a KafkaUser's Secret. */
        public static String jaasConfig(String user, String password) {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\";";
        }
    }

    private KafkaBroker(Path directory, int port, int controllerPort, Scram scram) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = brokerClasspath();
        this.scram = scram;
    }

    /**
     * Formats a fresh log directory under {@code directory} and starts the broker.
     *
     * @param port 0 for any free port
     */
    public static KafkaBroker start(Path directory, int port) {
        return start(directory, port, null);
    }

    /**
     * Like {@link #start(Path, int)}, with SCRAM-SHA-512 authentication and the {@code StandardAuthorizer} when
     * {@code scram} is given; the super user's credentials are written at format time, as KRaft wants them.
     */
    public static KafkaBroker start(Path directory, int port, Scram scram) {
        KafkaBroker broker = new KafkaBroker(directory, port == 0 ? FreePorts.find() : port, FreePorts.find(), scram);
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

    /**
     * An admin client (as the super user on a broker with SCRAM); for this module's own use (see {@link #createTopic})
     * and for the tests of a broker with SCRAM, where Kafka types cross no class loader.
     */
    public Admin admin() {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
        if (scram != null) {
            settings.putAll(scram.clientSettings(scram.superUser(), scram.superUserPassword()));
        }
        return OwnClassLoader.call(() -> Admin.create(settings));
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
            String client = scram == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
            p.setProperty("listeners", client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.setProperty("advertised.listeners", client + "://127.0.0.1:" + port);
            p.setProperty("controller.listener.names", "CONTROLLER");
            p.setProperty("inter.broker.listener.name", client);
            p.setProperty("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
            if (scram != null) {
                p.setProperty("sasl.enabled.mechanisms", SCRAM_MECHANISM);
                p.setProperty("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
                p.setProperty("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                        Scram.jaasConfig(scram.superUser(), scram.superUserPassword()));
                p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
                p.setProperty("allow.everyone.if.no.acl.found", "false");
                // ANONYMOUS is who the broker is to its own controller on the plaintext controller listener (one
                // process, loopback, never advertised); no client gets that name on the SASL listener.
                p.setProperty("super.users", "User:" + scram.superUser() + ";User:ANONYMOUS");
            }
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
            List<String> formatArgs = new java.util.ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(),
                    "-c", directory.resolve("server.properties").toString()));
            if (scram != null) {
                // KRaft: the broker's own SCRAM credentials must exist before it first starts
                formatArgs.addAll(List.of("--add-scram", SCRAM_MECHANISM + "=[name=" + scram.superUser()
                        + ",password=" + scram.superUserPassword() + "]"));
            }
            Process format = launch("format", "kafka.tools.StorageTool", formatArgs.toArray(String[]::new));
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
