package jp.onplanetz.privacy.consent.receipt;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Singleton;
import jp.onplanetz.privacy.consent.config.ReceiptConfig;
import jp.onplanetz.privacy.runtime.keys.KeyPairFile;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;

/**
 * The EC P-256 key pair that signs consent receipts, and its key id: the RFC 7638 thumbprint of the public
 * key, so the id follows from the key itself and a verifier can check that it does.
 * <p>
 * Loaded at startup so that a missing or broken key stops the service before it signs anything.
 */
@Singleton
@Startup
public class ReceiptSigningKey {

    private static final KeyPairFile KEY_FILE = new KeyPairFile("EC", "SHA256withECDSA",
            () -> KeyUtils.generateKeyPair(256, SignatureAlgorithm.ES256));

    private final PrivateKey privateKey;
    private final ECPublicKey publicKey;
    private final String kid;

    public ReceiptSigningKey(ReceiptConfig config) {
        KeyPair pair = KEY_FILE.loadOrCreate(config.signingKeyLocation(), config.generateKeyIfMissing(),
                "privacyops.consent.receipts.signing-key-location");
        if (!(pair.getPublic() instanceof ECPublicKey ec)
                || !EllipticCurves.P_256.equals(EllipticCurves.getName(ec.getParams().getCurve()))) {
            throw new IllegalStateException("The consent receipt signing key " + config.signingKeyLocation().toAbsolutePath()
                    + " is not on curve P-256 (receipts are signed ES256)");
        }
        this.privateKey = pair.getPrivate();
        this.publicKey = ec;
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

    private static String thumbprint(PublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot make a JWK of the receipt signing key", e);
        }
    }
}
