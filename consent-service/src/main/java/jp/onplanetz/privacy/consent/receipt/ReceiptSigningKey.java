package jp.onplanetz.privacy.consent.receipt;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Singleton;
import jp.onplanetz.privacy.consent.config.ReceiptConfig;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EC P-256 key pair that signs consent receipts, and its key id: the RFC 7638 thumbprint of the public
 * key, so the id follows from the key itself and a verifier can check that it does.
 * <p>
 * Loaded at startup so that a missing or broken key stops the service before it signs anything.
 */
@Singleton
@Startup
public class ReceiptSigningKey {

    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final String PUBLIC_KEY = "PUBLIC KEY";

    private final PrivateKey privateKey;
    private final ECPublicKey publicKey;
    private final String kid;

    public ReceiptSigningKey(ReceiptConfig config) {
        KeyPair pair = loadOrCreate(config.signingKeyLocation(), config.generateKeyIfMissing());
        this.privateKey = pair.getPrivate();
        this.publicKey = (ECPublicKey) pair.getPublic();
        this.kid = thumbprint(publicKey);
    }

    /** The RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key. */
    public String kid() {
        return kid;
    }

    ECPublicKey publicKey() {
        return publicKey;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    private static KeyPair loadOrCreate(Path location, boolean generateIfMissing) {
        try {
            try {
                return read(location);
            } catch (NoSuchFileException missing) {
                if (!generateIfMissing) {
                    throw new IllegalStateException("No consent receipt signing key at " + location.toAbsolutePath()
                            + " (consent.receipts.signing-key-location): mount the key there, or for a local run set"
                            + " consent.receipts.generate-key-if-missing=true");
                }
                return create(location);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the consent receipt signing key "
                    + location.toAbsolutePath() + " (consent.receipts.signing-key-location): " + e.getMessage(), e);
        }
    }

    /**
     * Publishes a new key at {@code location}, or, when another process got there first, reads its key: two
     * instances starting together on the same path end with the same key.
     */
    private static KeyPair create(Path location) throws IOException, GeneralSecurityException {
        Path dir = location.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        KeyPair pair = KeyUtils.generateKeyPair(256, SignatureAlgorithm.ES256);
        // On POSIX the JDK creates temp files owner-only (rw-------); the link below shares those permissions.
        Path temp = Files.createTempFile(dir, location.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, pem(PRIVATE_KEY, pair.getPrivate().getEncoded())
                    + pem(PUBLIC_KEY, pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            // Not Files.move(ATOMIC_MOVE): on Linux that is rename(2), which silently replaces a key another
            // process has just published. A hard link gives the complete file its name, or fails if it is taken.
            Files.createLink(location, temp);
            Log.warnf("Generated a new consent receipt signing key at %s (consent.receipts.generate-key-if-missing)",
                    location.toAbsolutePath());
            return pair;
        } catch (FileAlreadyExistsException raced) {
            return read(location);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static KeyPair read(Path location) throws IOException, GeneralSecurityException {
        String pem = Files.readString(location, StandardCharsets.US_ASCII);
        PrivateKey privateKey = KeyUtils.decodePrivateKey(block(pem, PRIVATE_KEY), SignatureAlgorithm.ES256);
        PublicKey publicKey = KeyUtils.decodePublicKey(block(pem, PUBLIC_KEY), SignatureAlgorithm.ES256);
        if (!(publicKey instanceof ECPublicKey ec)
                || !EllipticCurves.P_256.equals(EllipticCurves.getName(ec.getParams().getCurve()))) {
            throw new GeneralSecurityException("the key is not on curve P-256 (receipts are signed ES256)");
        }
        requireSamePair(privateKey, publicKey);
        return new KeyPair(publicKey, privateKey);
    }

    /**
     * The two blocks of a key file could come from different keys (a Secret assembled by hand): the service
     * would then publish a key that verifies none of its receipts.
     */
    private static void requireSamePair(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        byte[] probe = "consent-receipt-key-check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("its PUBLIC KEY is not the public half of its PRIVATE KEY");
        }
    }

    private static String block(String pem, String type) throws GeneralSecurityException {
        Matcher m = Pattern.compile("-----BEGIN " + type + "-----(.*?)-----END " + type + "-----", Pattern.DOTALL)
                .matcher(pem);
        if (!m.find()) {
            throw new GeneralSecurityException("no " + type + " block (expected a PKCS#8 PRIVATE KEY and its PUBLIC KEY)");
        }
        return m.group(1);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static String thumbprint(PublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot make a JWK of the receipt signing key", e);
        }
    }
}
