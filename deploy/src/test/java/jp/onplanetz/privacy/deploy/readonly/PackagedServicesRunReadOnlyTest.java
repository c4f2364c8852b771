package jp.onplanetz.privacy.deploy.readonly;

import jp.onplanetz.privacy.deploy.readonly.ServicePod.SecretKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.deploy.readonly.ServicePod.FileMount;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.localstack.ServiceProcess;
import jp.onplanetz.privacy.testinfra.FreePorts;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDatabases.ServiceDatabase;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged services (each module's {@code target/quarkus-app}) run as the manifests run them: under bubblewrap,
 * as the pod's non-root user with no capabilities, on a read-only root with only the pod's {@code emptyDir}s
 * writable, their keys mounted read-only where the Deployments mount the Secrets, their settings only from the
 * Deployments' environment, with the production profile (so the default key locations and no generated keys).
 * disclosure-log-service's schema is migrated first by its migration Job (the same image in init-and-exit mode with
 * the owner's credentials), and its pods then run as the restricted role. Against the project's own real database,
 * broker and token issuer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackagedServicesRunReadOnlyTest {

    /** On a CI machine of 2 cores the four JVMs start together; a start that takes longer than this has hung. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("privacyops.readonly.ready-timeout", 300));
    private static final List<String> SERVICES = List.of(Services.CONSENT, Services.DISCLOSURE_LOG, Services.DATA_REQUEST,
            Services.ANALYTICS);
    private static final String MIGRATION_JOB = "disclosure-log-migrate";
    private static final String RECEIPT_KEY_SECRET = "consent-receipt-signing-key";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path repo = LocalStack.repositoryRoot();
    private final Path run = Path.of("target", "readonly-run").toAbsolutePath();
    private final Map<String, ServicePod> pods = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Map<String, FileState>> appDirsBefore = new TreeMap<>();
    private final Map<SecretKey, String> secretValues = new LinkedHashMap<>();
    private final Map<String, String> files = new java.util.concurrent.ConcurrentHashMap<>();
    private SuiteInfrastructure infra;
    private KeyFiles.Made keys;
    private ServiceProcess migration;
    private ServiceProcess consentWithoutKey;
    private int migrationExit = -1;
    private long startMillis;

    @BeforeAll
    void startTheSuiteReadOnly() throws Exception {
        long t0 = System.nanoTime();
        infra = SuiteInfrastructure.get();
        Files.createDirectories(run);
        pods.putAll(pods());
        keys = KeyFiles.byCreateKeysScript(run.resolve("keys"));
        secretValues.putAll(localSecrets());
        for (String service : SERVICES) {
            appDirsBefore.put(service, files(appDir(service)));
        }
        // Started together: the migration Job, the services that do not wait for it, and consent-service without
        // its key. disclosure-log-service starts once the Job has succeeded, as its pods would wait on its schema.
        // The Job is given its database only: it reaches nothing else (its NetworkPolicy, its OIDC switched off).
        migration = launch(MIGRATION_JOB, Services.DISCLOSURE_LOG, pods.get(MIGRATION_JOB),
                Map.of("QUARKUS_DATASOURCE_JDBC_URL", localAddresses(Services.DISCLOSURE_LOG).get("QUARKUS_DATASOURCE_JDBC_URL")),
                FreePorts.find());
        int consentPort = FreePorts.find();
        services.put(Services.CONSENT, launch(Services.CONSENT, Services.CONSENT, pods.get(Services.CONSENT),
                localAddresses(Services.CONSENT), consentPort));
        for (String service : List.of(Services.DATA_REQUEST, Services.ANALYTICS)) {
            services.put(service, launch(service, service, pods.get(service), localAddresses(service), FreePorts.find()));
        }
        ServicePod consent = pods.get(Services.CONSENT);
        consentWithoutKey = launch(Services.CONSENT + "-without-key", Services.CONSENT,
                consent.without(consent.secretMount(RECEIPT_KEY_SECRET).mountPath()), localAddresses(Services.CONSENT),
                FreePorts.find());

        migrationExit = migration.awaitExit(READY_TIMEOUT).orElseThrow(
                () -> new AssertionError(MIGRATION_JOB + " still running after " + READY_TIMEOUT + "; see " + log(MIGRATION_JOB)));
        if (migrationExit == 0) {
            Map<String, String> addresses = localAddresses(Services.DISCLOSURE_LOG);
            addresses.put("QUARKUS_REST_CLIENT_CONSENT_SERVICE_URL", "http://127.0.0.1:" + consentPort);
            services.put(Services.DISCLOSURE_LOG, launch(Services.DISCLOSURE_LOG, Services.DISCLOSURE_LOG,
                    pods.get(Services.DISCLOSURE_LOG), addresses, FreePorts.find()));
        }
        awaitAllReady(services.values());
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("read-only run: infrastructure and the four services ready in %d ms (%s)%n", startMillis,
                services.values().stream().map(s -> s.name() + " " + s.readyAfterMillis() + " ms")
                        .collect(Collectors.joining(", ")));
    }

    @AfterAll
    void stopTheServices() {
        Stream.concat(services.values().stream(), Stream.of(migration, consentWithoutKey))
                .filter(java.util.Objects::nonNull).forEach(ServiceProcess::close);
    }

    @Test
    void theMigrationJobMigratesAsTheOwnerAndExits() throws SQLException {
        assertThat(migrationExit).as("exit code of %s (log %s)", MIGRATION_JOB, log(MIGRATION_JOB)).isZero();
        assertThat(query(ServiceDatabases.DISCLOSURE_LOG.database(),
                "select distinct installed_by from flyway_schema_history"))
                .containsExactly(ServiceDatabases.DISCLOSURE_LOG.role());
    }

    @Test
    void everyServiceIsReadyWithTheProductionProfile() throws Exception {
        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
        for (ServiceProcess service : services.values()) {
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as("%s readiness: %s", service.name(), ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\": \"UP\"");
            assertThat(Files.readString(log(service.name()))).as("%s's log", service.name())
                    .contains("Profile prod activated").doesNotContain("Generated a new");
        }
    }

    @Test
    void everyServiceRunsAsThePodsUserWithoutCapabilities() throws IOException {
        for (ServiceProcess service : services.values()) {
            ServicePod pod = pods.get(service.name());
            long jvm = jvmPid(service);
            Map<String, String> status = procStatus(jvm);
            // the kernel shows the host's ids; the namespace's map says which ids they are inside it
            assertThat(insideId(jvm, "uid_map", firstField(status.get("Uid")))).as("%s's uid", service.name())
                    .isEqualTo(pod.runAsUser()).isNotZero();
            assertThat(insideId(jvm, "gid_map", firstField(status.get("Gid")))).as("%s's gid", service.name())
                    .isEqualTo(pod.runAsGroup());
            assertThat(status.get("CapEff")).as("%s's capabilities", service.name()).isEqualTo("0000000000000000");
            assertThat(status.get("CapBnd")).as("%s's bounding set", service.name()).isEqualTo("0000000000000000");
        }
    }

    @Test
    void onlyThePodsEmptyDirsAreWritableAndTheServicesWroteNothingElse() throws IOException {
        for (ServiceProcess service : services.values()) {
            ServicePod pod = pods.get(service.name());
            Set<String> writable = writableMounts(jvmPid(service));
            // /dev and /proc are the kernel's in any container; readOnlyRootFilesystem is about everything else
            assertThat(writable.stream().filter(m -> !m.equals("/proc") && !m.equals("/dev") && !m.startsWith("/dev/")))
                    .as("%s's writable mounts", service.name()).containsExactlyInAnyOrderElementsOf(pod.emptyDirs());
            assertThat(files(appDir(service.name()))).as("%s's quarkus-app after the run", service.name())
                    .isEqualTo(appDirsBefore.get(service.name()));
        }
    }

    @Test
    void theSandboxRefusesWritesOutsideTheEmptyDirs() throws Exception {
        ServicePod pod = pods.get(Services.ANALYTICS);
        String keyPath = pod.secretMount("analytics-pseudonym-keys").mountPath();
        // the control: the same sandbox writes where the pod has an emptyDir, so the refusals below are the mounts'
        for (String dir : pod.emptyDirs()) {
            assertThat(inSandbox(pod, "touch " + dir + "/written && echo written")).isEqualTo(new Result(0, "written\n"));
        }
        for (String path : List.of("/x", appDir(Services.ANALYTICS).resolve("x").toString(), keyPath + "/x",
                "/etc/x")) {
            Result touch = inSandbox(pod, "touch " + path);
            assertThat(touch.exitCode()).as("touch %s", path).isNotZero();
            assertThat(touch.output()).as("touch %s", path).contains("Read-only file system");
        }
        assertThat(inSandbox(pod, "id -u")).isEqualTo(new Result(0, pod.runAsUser() + "\n"));
    }

    @Test
    void consentServiceWithoutItsKeyDoesNotStart() throws IOException {
        // no generate-* fallback in production: the missing key stops the service, it never serves
        OptionalInt exit = consentWithoutKey.awaitExit(READY_TIMEOUT);
        assertThat(exit).as("consent-service without its key (log %s)", log(consentWithoutKey.name())).isPresent();
        assertThat(exit.getAsInt()).isNotZero();
        String keyFile = pods.get(Services.CONSENT).secretMount(RECEIPT_KEY_SECRET).pathOf("receipt-signing-key.pem");
        assertThat(Files.readString(log(consentWithoutKey.name())))
                .contains("No EC key at " + keyFile)
                .doesNotContain("Generated a new");
    }

    @Test
    void theLedgerVerifierPinsTheKeyTheServiceSignsWith() throws Exception {
        // create-keys.sh computes the verifier key the CronJob pins; the service publishes the one it signs with
        JsonNode env = Kustomize.render(Overlay.PROD).get("CronJob", "ledger-verifier").path("spec")
                .path("jobTemplate").path("spec").path("template").path("spec").path("containers").get(0).path("env");
        JsonNode verifierKeyRef = java.util.stream.StreamSupport.stream(env.spliterator(), false)
                .filter(e -> e.path("name").asText().equals("CHECKPOINT_VERIFIER_KEY")).findFirst()
                .orElseThrow(() -> new AssertionError("the ledger verifier is given no CHECKPOINT_VERIFIER_KEY"))
                .path("valueFrom").path("configMapKeyRef");
        String pinned = keys.configMaps().get(verifierKeyRef.path("name").asText() + "/" + verifierKeyRef.path("key").asText());
        HttpResponse<String> published = HTTP.send(HttpRequest.newBuilder(
                URI.create(services.get(Services.DISCLOSURE_LOG).baseUrl() + "/api/v1/ledger/key"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(pinned).isNotBlank();
        assertThat(new ObjectMapper().readTree(published.body()).path("verifierKey").asText()).isEqualTo(pinned);
    }

    @Test
    void disclosureLogServiceHoldsOnlyTheRestrictedRole() throws Exception {
        // its readiness check uses a connection of its pool, which then stays open to be seen
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(services.get(Services.DISCLOSURE_LOG).baseUrl()
                + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        // every other connection to its database is the service's (this test's own, as postgres, aside), and the
        // service holds only the app role's password
        assertThat(query("postgres",
                "select distinct usename from pg_stat_activity where usename <> current_user and datname = '"
                        + ServiceDatabases.DISCLOSURE_LOG.database() + "'"))
                .containsExactly(ServiceDatabases.DISCLOSURE_LOG.appRole());
    }

    // ---- the pods, as the manifests give them, and what the cluster would give them

    /** The workloads' pods, from the production overlay as Kustomize renders it. */
    private static Map<String, ServicePod> pods() {
        Kustomize.Rendered prod = Kustomize.render(Overlay.PROD);
        Map<String, ServicePod> pods = new LinkedHashMap<>();
        for (String service : SERVICES) {
            pods.put(service, ServicePod.of(prod.get("Deployment", service)));
        }
        pods.put(MIGRATION_JOB, ServicePod.of(prod.get("Job", MIGRATION_JOB)));
        return pods;
    }

    /**
     * What the cluster's Secrets hold, here: the local roles' credentials (CloudNativePG's owner and app Secrets),
     * the issuer's client secrets, and the Kafka users' (unused: see {@link #PLAIN_TRANSPORT_HERE}).
     */
    private static Map<SecretKey, String> localSecrets() {
        Map<SecretKey, String> secrets = new LinkedHashMap<>();
        for (ServiceDatabase db : ServiceDatabases.ALL) {
            String cluster = db.database().replace('_', '-') + "-db";
            secrets.put(new SecretKey(cluster + "-owner", "username"), db.role());
            secrets.put(new SecretKey(cluster + "-owner", "password"), db.password());
            if (db.hasOwnAppRole()) {
                secrets.put(new SecretKey(cluster + "-app", "username"), db.appRole());
                secrets.put(new SecretKey(cluster + "-app", "password"), db.appPassword());
            }
            secrets.put(new SecretKey(db.service() + "-oidc", "client-secret"), db.service() + "-local-secret");
            secrets.put(new SecretKey(db.service(), "password"), db.service() + "-local");
            secrets.put(new SecretKey(db.service(), "sasl.jaas.config"),
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + db.service()
                            + "\" password=\"" + db.service() + "-local\";");
        }
        return secrets;
    }

    /**
     * The transport security the local parts do not speak, replaced where a pod sets it: the project's broker listens
     * in plain text (SASL_SSL and the ACLs are proven in the kafka package), and the local issuer over http, so the
     * Keycloak CA the pods mount is loaded at start (Quarkus' TLS registry) but trusts nothing here.
     */
    private static final Map<String, String> PLAIN_TRANSPORT_HERE = Map.of(
            "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT", "QUARKUS_KAFKA_STREAMS_SECURITY_PROTOCOL", "PLAINTEXT");

    /**
     * The cluster's addresses in a service's environment, replaced by where the local parts listen. Each must be in
     * the manifest: the run follows the manifests, and a setting they leave out is not silently added here.
     */
    private Map<String, String> localAddresses(String service) {
        ServiceDatabase db = ServiceDatabases.ALL.stream().filter(d -> d.service().equals(service)).findFirst().orElseThrow();
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put("QUARKUS_DATASOURCE_JDBC_URL", infra.postgres().jdbcUrl(db.database()));
        addresses.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers());
        addresses.put("QUARKUS_OIDC_AUTH_SERVER_URL", infra.issuer().issuerUrl());
        return addresses;
    }

    /**
     * A mounted file's content: the keys as create-keys.sh made them, the CA certificates (Strimzi's and Keycloak's)
     * made here; the same for every pod that mounts it, as a Secret is.
     */
    private String fileContent(ServicePod.Source source, String name, String key) {
        if (source == ServicePod.Source.SECRET && keys.secretFiles().containsKey(name + "/" + key)) {
            return keys.secretFiles().get(name + "/" + key);
        }
        return files.computeIfAbsent(source + "/" + name + "/" + key, file -> switch (file) {
            case "SECRET/privacy-ops-cluster-ca-cert/ca.crt", "CONFIG_MAP/keycloak-ca/ca.crt" -> KeyFiles.caCertificate();
            default -> throw new AssertionError("the read-only run has no content for " + file
                    + " (create-keys.sh made " + keys.secretFiles().keySet() + ")");
        });
    }

    // ---- running a pod under bubblewrap

    private ServiceProcess launch(String instance, String service, ServicePod pod, Map<String, String> addresses,
            int port) throws IOException {
        List<String> sandbox = sandbox(instance, service, pod, addresses).command();
        // beside its log, for whoever reads a failure: the sandbox a pod ran in (local credentials only)
        Files.createDirectories(log(instance).getParent());
        Files.write(run.resolve("logs").resolve(instance + ".sandbox"), sandbox);
        return ServiceProcess.launch(instance, jar(service), port, javaOptsSystemProperties(pod), log(instance), sandbox);
    }

    /**
     * The system properties of the pod's JAVA_OPTS_APPEND, which the image's launcher (run-java.sh, Quarkus'
     * Dockerfile.jvm) puts on the java command line: settings given that way reach the service here too. Its other
     * JVM options (the heap as a share of the memory limit) are not taken: ServiceProcess gives every service the
     * same small fixed heap on a shared CI machine.
     */
    private static Map<String, String> javaOptsSystemProperties(ServicePod pod) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String option : pod.env().getOrDefault("JAVA_OPTS_APPEND", "").trim().split("\\s+")) {
            if (option.startsWith("-D")) {
                int equals = option.indexOf('=');
                properties.put(option.substring(2, equals < 0 ? option.length() : equals),
                        equals < 0 ? "" : option.substring(equals + 1));
            }
        }
        return properties;
    }

    private Sandbox sandbox(String instance, String service, ServicePod pod, Map<String, String> addresses) {
        Map<String, String> env = new LinkedHashMap<>(pod.env());
        addresses.forEach((name, value) -> {
            if (!env.containsKey(name)) {
                throw new AssertionError(pod.workload() + " sets no " + name + " (it sets " + env.keySet() + ")");
            }
            env.put(name, value);
        });
        PLAIN_TRANSPORT_HERE.forEach(env::replace);
        pod.secretEnv().forEach((name, key) -> env.put(name, secret(key)));
        Sandbox sandbox = Sandbox.asUser(pod.runAsUser(), pod.runAsGroup()).environment(env)
                // the JVM's working directory is read-only too: the image's, not a writable one
                .workingDirectory(appDir(service).toString());
        pod.emptyDirs().forEach(sandbox::writable);
        for (FileMount mount : pod.fileMounts()) {
            sandbox.readOnly(volume(instance, mount), mount.mountPath());
        }
        // What the image holds (the application, the JDK) is bound again, read-only, at its own path: a checkout
        // or a JDK under /tmp would otherwise be hidden by the pod's /tmp emptyDir, which an image's is not.
        Path javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath();
        sandbox.readOnly(appDir(service), appDir(service).toString()).readOnly(javaHome, javaHome.toString());
        return sandbox;
    }

    private String secret(SecretKey key) {
        String value = secretValues.get(key);
        if (value == null) {
            throw new AssertionError("the read-only run has no value for " + key);
        }
        return value;
    }

    /**
     * A mounted volume's files, as the kubelet lays them out: a directory of the items (or the one file a subPath
     * mount takes), with the volume's mode.
     */
    private Path volume(String instance, FileMount mount) {
        try {
            Path dir = Files.createDirectories(run.resolve("volumes").resolve(instance).resolve(mount.mountPath().substring(1)));
            if (mount.items().isEmpty()) {
                throw new AssertionError(mount + " lists no items: the read-only run needs to know its keys");
            }
            if (mount.subPath().isPresent()) {
                String key = mount.items().entrySet().stream().filter(e -> e.getValue().equals(mount.subPath().get()))
                        .map(Map.Entry::getKey).findFirst().orElse(mount.subPath().get());
                return write(dir.resolve(mount.subPath().get()), fileContent(mount.source(), mount.name(), key), mount.mode());
            }
            for (Map.Entry<String, String> item : mount.items().entrySet()) {
                write(dir.resolve(item.getValue()), fileContent(mount.source(), mount.name(), item.getKey()), mount.mode());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String content, int mode) throws IOException {
        Files.deleteIfExists(file);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        StringBuilder permissions = new StringBuilder();
        for (int bit = 8; bit >= 0; bit--) {
            permissions.append((mode & (1 << bit)) == 0 ? '-' : "rwx".charAt((8 - bit) % 3));
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions.toString()));
        return file;
    }

    private record Result(int exitCode, String output) {
    }

    /** {@code script} run by sh in {@code pod}'s sandbox (as its user, its mounts, its environment). */
    private Result inSandbox(ServicePod pod, String script) throws Exception {
        List<String> command = new ArrayList<>(sandbox("probe", Services.ANALYTICS, pod,
                localAddresses(Services.ANALYTICS)).command());
        command.addAll(List.of("/bin/sh", "-c", script));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private void awaitAllReady(java.util.Collection<ServiceProcess> all) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(all.size());
        try {
            List<Future<?>> waits = new ArrayList<>();
            for (ServiceProcess s : all) {
                waits.add(pool.submit(() -> {
                    try {
                        s.awaitReady(READY_TIMEOUT);
                    } catch (RuntimeException e) {
                        throw new AssertionError(e.getMessage() + " (log " + log(s.name()) + ")", e);
                    }
                }));
            }
            for (Future<?> wait : waits) {
                wait.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- what the kernel says about a sandboxed service

    /** The service's JVM: the sandbox's descendant that runs java. */
    private static long jvmPid(ServiceProcess service) {
        return service.processHandle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no JVM under " + service.name() + "'s sandbox"))
                .pid();
    }

    private static Map<String, String> procStatus(long pid) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return fields;
    }

    private static long firstField(String line) {
        return Long.parseLong(line.split("\\s+")[0]);
    }

    /** The id inside the process's user namespace that {@code outside} (as this JVM sees it) is. */
    private static long insideId(long pid, String map, long outside) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), map))) {
            String[] f = line.strip().split("\\s+");
            long inside = Long.parseLong(f[0]);
            long start = Long.parseLong(f[1]);
            long count = Long.parseLong(f[2]);
            if (outside >= start && outside < start + count) {
                return inside + (outside - start);
            }
        }
        throw new AssertionError("id " + outside + " is not mapped in " + pid + "'s " + map);
    }

    /** The mount points the process may write to (mounted rw), from its own mount table. */
    private static Set<String> writableMounts(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "mountinfo")).stream()
                .map(line -> line.split(" "))
                .filter(f -> List.of(f[5].split(",")).contains("rw"))
                .map(f -> f[4]).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    // ---- files

    private Path appDir(String service) {
        return repo.resolve(service).resolve("target/quarkus-app");
    }

    private Path jar(String service) {
        return appDir(service).resolve("quarkus-run.jar");
    }

    private Path log(String instance) {
        return run.resolve("logs").resolve(instance + ".log");
    }

    private record FileState(long size, long modifiedMillis) {
    }

    private static Map<String, FileState> files(Path dir) throws IOException {
        Map<String, FileState> state = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                state.put(dir.relativize(p).toString(),
                        new FileState(Files.isDirectory(p) ? 0 : Files.size(p), Files.getLastModifiedTime(p).toMillis()));
            }
        }
        return state;
    }

    private List<String> query(String database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(infra.postgres().jdbcUrl(database), "postgres", "postgres");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
