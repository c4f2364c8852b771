package jp.onplanetz.privacy.runtime.keys;

import io.quarkus.logging.Log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signing key pair kept in one PEM file: a PKCS#8 {@code PRIVATE KEY} block and its X.509 {@code PUBLIC KEY}.
 * Services that sign what outsiders verify (consent receipts, ledger checkpoints) load their key through this at
 * startup, so a missing or broken key stops the service before it signs anything.
 * <p>
 * Production mounts the file (a Kubernetes Secret). A local run may let the first instance generate it; every
 * other instance on the same path then reads that key, so what one replica signs verifies on any other.
 *
 * @param algorithm          the JCA key algorithm ({@code "EC"}, {@code "Ed25519"})
 * @param signatureAlgorithm the JCA signature algorithm used to prove the two halves belong together
 * @param generator          makes a fresh pair when the file is missing and generation is allowed
 */
public record KeyPairFile(String algorithm, String signatureAlgorithm, KeyPairSource generator) {

    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final String PUBLIC_KEY = "PUBLIC KEY";

    /** Makes a new key pair of the file's algorithm. */
    @FunctionalInterface
    public interface KeyPairSource {
        KeyPair generate() throws GeneralSecurityException;
    }

    public KeyPairFile {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        Objects.requireNonNull(generator, "generator");
    }

    /** Ed25519 (RFC 8032) keys. */
    public static KeyPairFile ed25519() {
        return new KeyPairFile("Ed25519", "Ed25519", () -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    }

    /**
     * Reads the pair at {@code location}, or creates it there when it is missing and {@code generateIfMissing}.
     *
     * @param setting the configuration property naming the location, for the error a person will read
     * @throws IllegalStateException when the key is missing (and may not be generated), unreadable, of another
     *                               algorithm, or its two halves are not one pair
     */
    public KeyPair loadOrCreate(Path location, boolean generateIfMissing, String setting) {
        try {
            try {
                return read(location);
            } catch (NoSuchFileException missing) {
                if (!generateIfMissing) {
                    throw new IllegalStateException("No " + algorithm + " key at " + location.toAbsolutePath() + " ("
                            + setting + "): mount the key there, or for a local run allow generating it");
                }
                return create(location);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the key " + location.toAbsolutePath() + " (" + setting + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Publishes a new key at {@code location}, or, when another process got there first, reads its key: two
     * instances starting together on the same path end with the same key.
     */
    private KeyPair create(Path location) throws IOException, GeneralSecurityException {
        Path dir = location.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        KeyPair pair = generator.generate();
        // On POSIX the JDK creates temp files owner-only (rw-------); the link below shares those permissions.
        Path temp = Files.createTempFile(dir, location.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, pem(PRIVATE_KEY, pair.getPrivate().getEncoded())
                    + pem(PUBLIC_KEY, pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            // Not Files.move(ATOMIC_MOVE): on Linux that is rename(2), which silently replaces a key another
            // process has just published. A hard link gives the complete file its name, or fails if it is taken.
            Files.createLink(location, temp);
            Log.warnf("Generated a new %s key at %s", algorithm, location.toAbsolutePath());
            return pair;
        } catch (FileAlreadyExistsException raced) {
            return read(location);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private KeyPair read(Path location) throws IOException, GeneralSecurityException {
        String pem = Files.readString(location, StandardCharsets.US_ASCII);
        KeyFactory keys = KeyFactory.getInstance(algorithm);
        PrivateKey privateKey;
        PublicKey publicKey;
        try {
            privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(block(pem, PRIVATE_KEY)));
            publicKey = keys.generatePublic(new X509EncodedKeySpec(block(pem, PUBLIC_KEY)));
        } catch (IllegalArgumentException notBase64) {
            throw new GeneralSecurityException("a key block is not base64", notBase64);
        }
        requireSamePair(privateKey, publicKey);
        return new KeyPair(publicKey, privateKey);
    }

    /**
     * The two blocks of a key file could come from different keys (a Secret assembled by hand): the service
     * would then publish a key that verifies nothing it signs.
     */
    private void requireSamePair(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        byte[] probe = "privacy-ops key pair check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(signatureAlgorithm);
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(signatureAlgorithm);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("its PUBLIC KEY is not the public half of its PRIVATE KEY");
        }
    }

    private static byte[] block(String pem, String type) throws GeneralSecurityException {
        Matcher m = Pattern.compile("-----BEGIN " + type + "-----(.*?)-----END " + type + "-----", Pattern.DOTALL)
                .matcher(pem);
        if (!m.find()) {
            throw new GeneralSecurityException("no " + type + " block (expected a PKCS#8 PRIVATE KEY and its PUBLIC KEY)");
        }
        return Base64.getMimeDecoder().decode(m.group(1));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
