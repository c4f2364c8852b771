package jp.onplanetz.privacy.deploy.readonly;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

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
