package jp.onplanetz.privacy.deploy.readonly;

import jp.onplanetz.privacy.deploy.render.Kustomize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The key material the pods mount, made as a platform team makes it: the signing and pseudonymisation keys by
 * {@code deploy/k8s/scripts/create-keys.sh} (the README's install step), so that the services are shown to start
 * from exactly what that script writes, never from a key they generated themselves; the CA certificates by keytool.
 */
final class KeyFiles {

    /**
     * What create-keys.sh put in the cluster.
     *
     * @param secretFiles every created Secret's files, by {@code <secret>/<key>}
     * @param configMaps  every applied ConfigMap's entries, by {@code <config map>/<key>}
     */
    record Made(Map<String, String> secretFiles, Map<String, String> configMaps) {
    }

    /**
     * The cluster as far as the script uses it, recorded: no Secret exists yet ({@code get} fails), a created
     * Secret's files and a ConfigMap's literals are kept under {@code $KEYS_OUT}, an apply reads its input. There is
     * no cluster here; what is proven is the script's own work (openssl's keys, their formats, the verifier key).
     */
    private static final String KUBECTL = """
            #!/usr/bin/env bash
            set -euo pipefail
            [[ "$1" == -n ]] && shift 2
            case "$1 ${2:-}" in
              "get "*) exit 1 ;;
              "create secret"|"create configmap")
                kind="$2"; name="$3"; [[ "$kind" == secret ]] && name="$4"
                mkdir -p "$KEYS_OUT/$kind/$name"
                for arg in "$@"; do
                  case "$arg" in
                    --from-file=*) spec="${arg#--from-file=}"; cp "${spec#*=}" "$KEYS_OUT/$kind/$name/${spec%%=*}" ;;
                    --from-literal=*) spec="${arg#--from-literal=}"; printf '%s' "${spec#*=}" > "$KEYS_OUT/$kind/$name/${spec%%=*}" ;;
                  esac
                done ;;
              "apply "*) cat > /dev/null ;;
              *) echo "kubectl (recorded) does not know: $*" >&2; exit 2 ;;
            esac
            """;

    private KeyFiles() {
    }

    /** Runs create-keys.sh into {@code dir} (emptied first) and returns what it created. */
    static Made byCreateKeysScript(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Path out = Files.createDirectories(dir.resolve("cluster"));
            Path kubectl = dir.resolve("kubectl");
            Files.writeString(kubectl, KUBECTL, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwx------"));
            Path script = Kustomize.deployDir().resolve("k8s/scripts/create-keys.sh");
            ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "privacy-ops").redirectErrorStream(true);
            builder.environment().put("KUBECTL", kubectl.toString());
            builder.environment().put("KEYS_OUT", out.toString());
            String output = run(builder);
            return new Made(files(out.resolve("secret")), files(out.resolve("configmap")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A self-signed CA certificate (PEM), made by the JDK's keytool: the JDK has no public API to sign one. The pods
     * mount the Kafka cluster's and Keycloak's CA certificates; a real certificate is needed because Quarkus' TLS
     * registry reads the trust store it names at start.
     */
    static String caCertificate() {
        try {
            Path dir = Files.createTempDirectory("readonly-ca");
            Path store = dir.resolve("ca.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(new ProcessBuilder(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=privacy-ops read-only run CA", "-validity", "2", "-ext", "bc:c",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "read-only-run")
                    .redirectErrorStream(true));
            // stdout is the certificate; keytool's notes on stderr go to the test's output
            String pem = run(new ProcessBuilder(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore",
                    store.toString(), "-storepass", "read-only-run").redirectError(ProcessBuilder.Redirect.INHERIT));
            Files.delete(store);
            Files.delete(dir);
            return pem;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    files.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.US_ASCII));
                }
            }
        }
        return files;
    }

    private static String run(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", builder.command()) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return output;
    }
}
