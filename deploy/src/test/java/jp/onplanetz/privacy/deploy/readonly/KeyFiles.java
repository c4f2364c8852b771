package jp.onplanetz.privacy.deploy.readonly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Fresh key material in the formats the services read at startup, as an operator makes it for the Secrets: made
 * here (not by a service's local-run generation, which production has off) so that the services are shown to
 * start from keys they did not write themselves.
 */
final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * consent-service's receipt signing key: an EC P-256 pair in one PEM file, a PKCS#8 PRIVATE KEY block then its
     * X.509 PUBLIC KEY (service-runtime's KeyPairFile).
     */
    static String receiptSigningKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return pem(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** disclosure-log-service's checkpoint signing key: an Ed25519 pair, in the same two-block PEM file. */
    static String checkpointKey() {
        try {
            return pem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * analytics-gateway's pseudonymisation key ring: {@code <version>:<base64 secret>} a line, the secret at least 32
     * bytes (PseudonymisationKeys).
     */
    static String pseudonymKeys() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return "# version:base64 secret; the highest version is current\n1:"
                + Base64.getEncoder().encodeToString(secret) + "\n";
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
            run(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=privacy-ops read-only run CA", "-validity", "2", "-ext", "bc:c",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "read-only-run");
            String pem = run(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", store.toString(),
                    "-storepass", "read-only-run");
            Files.delete(store);
            Files.delete(dir);
            return pem;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(String... command) throws IOException {
        // stdout is the certificate; keytool's notes on stderr go to the test's output
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return output;
    }

    private static String pem(KeyPair pair) {
        return block("PRIVATE KEY", pair.getPrivate().getEncoded()) + block("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + new String(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(der),
                        StandardCharsets.US_ASCII)
                + "\n-----END " + type + "-----\n";
    }
}
