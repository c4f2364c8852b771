package jp.onplanetz.privacy.localstack;

import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.FreePorts;
import jp.onplanetz.privacy.testinfra.KafkaBroker;
import jp.onplanetz.privacy.testinfra.PostgresServer;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import jp.onplanetz.privacy.testinfra.oidc.LocalOidcIssuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The whole suite on one machine: PostgreSQL (a database and role per service), a Kafka broker with the
 * catalogue's topics, the token issuer, and the four services from their packaged jars, each configured
 * exactly as production configures it (by properties: database URL and credentials, broker, issuer).
 * Further instances of a service ({@link #startReplica(String)}) share its database, broker and issuer,
 * as replicas behind one Kubernetes Service would.
 */
public final class LocalStack implements AutoCloseable {

    /** The services and their local ports, in the order they are started. */
    public static final Map<String, Integer> SERVICE_PORTS = orderedPorts();

    /**
     * How long a service may take from launch to a ready readiness probe; {@code -Dprivacyops.local-stack.ready-timeout}
     * (seconds) gives a loaded machine longer.
     */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("privacyops.local-stack.ready-timeout", 180));

    /**
     * @param workDir   where data, keys, Kafka Streams state and logs go; emptied at start, so that every run
     *                  starts clean (the broker's and the database's data never outlive state kept beside them)
     * @param fixedPorts the documented ports (PostgreSQL 15432, Kafka 9092, issuer 8180, services 8081-8084);
     *                   false: free ports, so that a test can run beside a running local stack
     * @param durable   PostgreSQL with fsync on (benchmarks) or off (tests, local use)
     * @param externalIssuer the issuer URL of a real Keycloak realm to use instead of the local issuer
     *                   (null: start the local issuer)
     * @param serviceJars another build of a service by name, run instead of its {@code target/quarkus-app} jar by
     *                   every instance of it (e.g. one built with other build-time properties)
     * @param serviceSettings further settings by service name, given to every instance of it after the stack's
     *                   own (so they may override them), e.g. a benchmark's
     *                   {@code privacyops.disclosure-log.ledger.logs}
     */
    public record Options(Path workDir, boolean fixedPorts, boolean durable, String externalIssuer,
            Map<String, Path> serviceJars, Map<String, Map<String, String>> serviceSettings,
            Map<String, String> serviceCpus) {
        public Options {
            Map<String, Map<String, String>> copy = new LinkedHashMap<>();
            serviceSettings.forEach((service, settings) -> copy.put(service, java.util.Collections.unmodifiableMap(
                    new LinkedHashMap<>(settings))));
            serviceSettings = java.util.Collections.unmodifiableMap(copy);
            serviceCpus = Map.copyOf(serviceCpus);
            serviceJars = Map.copyOf(serviceJars);
        }

        public Options(Path workDir, boolean fixedPorts, boolean durable, String externalIssuer) {
            this(workDir, fixedPorts, durable, externalIssuer, Map.of(), Map.of(), Map.of());
        }

        public Options(Path workDir, boolean fixedPorts, boolean durable) {
            this(workDir, fixedPorts, durable, null);
        }

        /** These options, and every instance of {@code service} run from {@code jar}. */
        public Options withServiceJar(String service, Path jar) {
            requireService(service);
            Map<String, Path> jars = new LinkedHashMap<>(serviceJars);
            jars.put(service, jar);
            return new Options(workDir, fixedPorts, durable, externalIssuer, jars, serviceSettings, serviceCpus);
        }

        /**
         * These options, and every instance of {@code service} kept on {@code cpus} ({@code taskset -c} syntax).
         * A measurement uses it to keep the measured service's cores apart from its load generator's.
         */
        public Options withServiceCpus(String service, String cpus) {
            requireService(service);
            Map<String, String> placed = new LinkedHashMap<>(serviceCpus);
            placed.put(service, cpus);
            return new Options(workDir, fixedPorts, durable, externalIssuer, serviceJars, serviceSettings, placed);
        }

        /** These options, and {@code service} started with {@code key=value} as well. */
        public Options withServiceSetting(String service, String key, String value) {
            requireService(service);
            Map<String, Map<String, String>> settings = new LinkedHashMap<>(serviceSettings);
            Map<String, String> own = new LinkedHashMap<>(settings.getOrDefault(service, Map.of()));
            own.put(key, value);
            settings.put(service, own);
            return new Options(workDir, fixedPorts, durable, externalIssuer, serviceJars, settings, serviceCpus);
        }

        private static void requireService(String service) {
            if (!SERVICE_PORTS.containsKey(service)) {
                throw new IllegalArgumentException("no service " + service + "; the stack runs " + SERVICE_PORTS.keySet());
            }
        }
    }

    /** What it takes to launch one more instance of a service exactly like the first. */
    private record Launch(Path jar, Map<String, String> config, String cpus) {
    }

    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final LocalOidcIssuer issuer;
    private final List<ServiceProcess> services;
    private final Map<String, Launch> launches;
    private final Path logs;
    private final List<ServiceProcess> replicas = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> replicaCounts = new ConcurrentHashMap<>();
    private final Map<String, Integer> restartCounts = new ConcurrentHashMap<>();

    private LocalStack(PostgresServer postgres, KafkaBroker kafka, LocalOidcIssuer issuer, List<ServiceProcess> services,
            Map<String, Launch> launches, Path logs) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.issuer = issuer;
        this.services = new CopyOnWriteArrayList<>(services); // restart() replaces an instance while others read
        this.launches = launches;
        this.logs = logs;
    }

    public static LocalStack start(Options options) {
        return start(options, true);
    }

    /**
     * What the services run against, without them: PostgreSQL with every service's database and roles, the broker
     * with the catalogue's topics and (without an external issuer) the token issuer, as {@link #start} makes them.
     * With the documented ports, one service runs against it in dev mode ({@code quarkus:dev}), whose defaults name
     * the broker's and the issuer's addresses.
     */
    public static LocalStack startInfrastructure(Options options) {
        return start(options, false);
    }

    private static LocalStack start(Options options, boolean withServices) {
        Path repo = repositoryRoot();
        PostgresServer postgres = null;
        KafkaBroker kafka = null;
        LocalOidcIssuer issuer = null;
        List<ServiceProcess> started = new ArrayList<>();
        Map<String, Launch> launches = new LinkedHashMap<>();
        Path logs = options.workDir().toAbsolutePath().resolve("logs");
        try {
            emptied(options.workDir());
            postgres = PostgresServer.start(options.fixedPorts() ? 15432 : 0, options.durable(),
                    options.workDir().resolve("postgres"));
            ServiceDatabases.ALL.forEach(postgres::ensureDatabase);
            kafka = KafkaBroker.start(options.workDir().resolve("kafka"), options.fixedPorts() ? 9092 : 0);
            kafka.createTopics(EventCatalogue.topics());
            if (options.externalIssuer() == null) {
                issuer = LocalOidcIssuer.start(options.fixedPorts() ? 8180 : 0);
            }
            String issuerUrl = issuer != null ? issuer.issuerUrl() : options.externalIssuer();

            int consentPort = 0; // consent-service starts first (ServiceDatabases.ALL's order); the others call it
            List<ServiceDatabases.ServiceDatabase> toStart = withServices ? ServiceDatabases.ALL : List.of();
            for (ServiceDatabases.ServiceDatabase db : toStart) {
                int port = options.fixedPorts() ? SERVICE_PORTS.get(db.service()) : FreePorts.find();
                Map<String, String> config = new LinkedHashMap<>();
                config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(db.database()));
                config.put("quarkus.datasource.username", db.appRole());
                config.put("quarkus.datasource.password", db.appPassword());
                if (db.hasOwnAppRole()) {
                    // Migrations as the owner; the service itself runs with what they grant its own role.
                    config.put("quarkus.flyway.username", db.role());
                    config.put("quarkus.flyway.password", db.password());
                    config.put("quarkus.flyway.placeholders.app_role", db.appRole());
                }
                if (db.hasAuditRole()) {
                    config.put("quarkus.flyway.placeholders.audit_role", db.auditRole());
                }
                config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
                config.put("quarkus.oidc.auth-server-url", issuerUrl);
                config.put("quarkus.oidc-client.credentials.secret", db.service() + "-local-secret");
                if (db.service().equals(Services.CONSENT)) {
                    config.putAll(consentServiceConfig(options));
                    consentPort = port;
                }
                if (db.service().equals(Services.DISCLOSURE_LOG)) {
                    config.putAll(disclosureLogConfig(options, consentPort));
                }
                if (db.service().equals(Services.ANALYTICS)) {
                    // The pseudonymisation secrets, shared by every instance (the first one to start writes them).
                    config.put("privacyops.analytics.pseudonym-keys.location",
                            options.workDir().toAbsolutePath().resolve("analytics-pseudonym-keys").toString());
                    config.put("privacyops.analytics.pseudonym-keys.generate-if-missing", "true");
                    // Kafka Streams' local state, one directory per instance (it is each instance's own cache of
                    // its partitions, restored from the broker's changelogs)
                    config.put("kafka-streams.state.dir",
                            options.workDir().toAbsolutePath().resolve("analytics-streams-" + port).toString());
                }
                config.putAll(options.serviceSettings().getOrDefault(db.service(), Map.of()));
                Path jar = options.serviceJars().getOrDefault(db.service(),
                        repo.resolve(db.service()).resolve("target/quarkus-app/quarkus-run.jar"));
                Launch launch = new Launch(jar,
                        java.util.Collections.unmodifiableMap(config), options.serviceCpus().get(db.service()));
                launches.put(db.service(), launch);
                started.add(ServiceProcess.launch(db.service(), launch.jar(), port, launch.config(),
                        logs.resolve(db.service() + ".log"), launch.cpus()));
            }
            if (!started.isEmpty()) {
                awaitAllReady(started);
            }
            return new LocalStack(postgres, kafka, issuer, started, launches, logs);
        } catch (IOException e) {
            closeAll(started, issuer, kafka, postgres);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeAll(started, issuer, kafka, postgres);
            throw e;
        }
    }

    /**
     * Empties the run's directory. Everything in it belongs to one run: the database and the broker start from nothing,
     * so analytics-gateway's Kafka Streams state (offsets of topics that no longer hold them), the signing and
     * pseudonymisation keys and the logs of an earlier run must go with them.
     */
    static void emptied(Path workDir) throws IOException {
        Path dir = workDir.toAbsolutePath().normalize();
        if (repositoryRoot().startsWith(dir)) {
            throw new IllegalArgumentException("the stack's directory " + dir + " holds the checkout; give it one of its own");
        }
        if (Files.exists(dir)) {
            try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(dir);
    }

    /**
     * consent-service's own settings. Every instance reads the same receipt signing key (the first one
     * to start writes it), so a receipt signed by one replica verifies on any other.
     */
    private static Map<String, String> consentServiceConfig(Options options) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("privacyops.consent.receipts.signing-key-location",
                options.workDir().toAbsolutePath().resolve("consent-receipt-signing-key.pem").toString());
        config.put("privacyops.consent.receipts.generate-key-if-missing", "true");
        return config;
    }

    /**
     * disclosure-log-service's own settings: where consent-service answers (recipients, consent standing), and
     * the checkpoint signing key every instance shares (the first one to start writes it).
     */
    private static Map<String, String> disclosureLogConfig(Options options, int consentPort) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.rest-client.consent-service.url", "http://127.0.0.1:" + consentPort);
        config.put("privacyops.disclosure-log.ledger.checkpoint-key-location",
                options.workDir().toAbsolutePath().resolve("disclosure-log-checkpoint-key.pem").toString());
        config.put("privacyops.disclosure-log.ledger.generate-key-if-missing", "true");
        return config;
    }

    /**
     * Starts one more instance of {@code service}: the same jar and configuration as the first (database,
     * broker, issuer, settings), its own free port and its own log {@code logs/<service>-replica-N.log}
     * (N = 1 for the first extra instance). Returns once its readiness probe is UP; the stack closes it,
     * and a caller may close it earlier to stop one replica.
     */
    public ServiceProcess startReplica(String service) {
        Launch launch = launches.get(service);
        if (launch == null) {
            throw new IllegalArgumentException("no service " + service + "; the stack runs " + launches.keySet());
        }
        int n = replicaCounts.merge(service, 1, Integer::sum);
        Map<String, String> config = new LinkedHashMap<>(launch.config());
        // an instance's own local state (analytics-gateway's Kafka Streams stores) is never shared
        config.computeIfPresent("kafka-streams.state.dir", (key, dir) -> dir + "-replica-" + n);
        ServiceProcess replica;
        try {
            replica = ServiceProcess.launch(service, launch.jar(), FreePorts.find(), config,
                    logs.resolve(service + "-replica-" + n + ".log"), launch.cpus());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        replicas.add(replica);
        try {
            replica.awaitReady(READY_TIMEOUT);
        } catch (RuntimeException e) {
            replica.close();
            replicas.remove(replica);
            throw e;
        }
        return replica;
    }

    /**
     * Starts the first instance of {@code service} again once it has stopped (e.g. {@link ServiceProcess#kill}):
     * the same jar, configuration and port, as an orchestrator restarts a failed container; its log is
     * {@code logs/<service>-restart-N.log}. Returns at once, without waiting for readiness: the caller times that.
     */
    public synchronized ServiceProcess restart(String service) {
        Launch launch = launches.get(service);
        if (launch == null) {
            throw new IllegalArgumentException("no service " + service + "; the stack runs " + launches.keySet());
        }
        ServiceProcess old = service(service);
        if (old.isAlive()) {
            throw new IllegalStateException(service + " is still running");
        }
        int n = restartCounts.merge(service, 1, Integer::sum);
        ServiceProcess again;
        try {
            again = ServiceProcess.launch(service, launch.jar(), old.port(), launch.config(),
                    logs.resolve(service + "-restart-" + n + ".log"), launch.cpus());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        services.set(services.indexOf(old), again);
        return again;
    }

    /** The extra instances started so far (closed ones included), in start order. */
    public List<ServiceProcess> replicas() {
        return List.copyOf(replicas);
    }

    /**
     * A service account's access token, as its client-credentials grant would give it: the account's
     * {@code sub}, Keycloak's user name for it and its realm roles (as {@code TestTokens.service} does
     * against the test infrastructure's issuer).
     */
    public String serviceAccountToken(LocalIdentities.ServiceClient client, Duration lifetime) {
        return issuer().mint(client.serviceAccountId(), client.serviceAccountUsername(), client.realmRoles(), lifetime);
    }

    /** The services start in parallel; each is waited for until its readiness probe is UP. */
    private static void awaitAllReady(List<ServiceProcess> services) {
        ExecutorService pool = Executors.newFixedThreadPool(services.size());
        try {
            List<Future<?>> waits = services.stream()
                    .map(s -> pool.submit(() -> s.awaitReady(READY_TIMEOUT))).collect(java.util.stream.Collectors.toList());
            for (Future<?> w : waits) {
                w.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    public ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /** The first instance of each service (replicas: {@link #replicas()}). */
    public List<ServiceProcess> services() {
        return services;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** The local issuer; empty when the stack runs against an external one (Keycloak). */
    public java.util.Optional<LocalOidcIssuer> localIssuer() {
        return java.util.Optional.ofNullable(issuer);
    }

    /** The local issuer, for tests and benchmarks, which always run with it. */
    public LocalOidcIssuer issuer() {
        return localIssuer().orElseThrow(() -> new IllegalStateException("the stack runs against an external issuer"));
    }

    @Override
    public void close() {
        replicas.forEach(ServiceProcess::close);
        closeAll(services, issuer, kafka, postgres);
    }

    private static void closeAll(List<ServiceProcess> services, LocalOidcIssuer issuer, KafkaBroker kafka,
            PostgresServer postgres) {
        // Services first (their relays may still be sending), then what they depend on.
        services.forEach(ServiceProcess::close);
        if (issuer != null) {
            issuer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The checkout's root: the nearest directory up from the working directory that holds {@code mvnw}. */
    public static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("run from inside the checkout (no mvnw found above " + Path.of("").toAbsolutePath() + ")");
        }
        return p;
    }

    private static Map<String, Integer> orderedPorts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(Services.CONSENT, 8081);
        m.put(Services.DISCLOSURE_LOG, 8082);
        m.put(Services.DATA_REQUEST, 8083);
        m.put(Services.ANALYTICS, 8084);
        return java.util.Collections.unmodifiableMap(m);
    }
}
