package jp.onplanetz.privacy.consent.receipt;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.JoseException;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Signs consent receipts as compact JWS (ES256), and publishes the key that verifies them: anyone holding a
 * receipt and the published key can check it without asking us.
 * <p>
 * The payload is the receipt and nothing else: the build library's default claims are off
 * ({@code smallrye.jwt.new-token.add-default-claims=false}) because a receipt does not expire, and a
 * five-minute {@code exp} would make standard verifiers reject it.
 */
@ApplicationScoped
public class ReceiptSigner {

    /** The JWS {@code typ}: explicit typing (RFC 8725, 3.11) so a receipt cannot pass as some other JWT. */
    public static final String TYPE = "consent-receipt+jwt";

    private final ReceiptSigningKey key;
    private final Map<String, Object> publishedKeys;

    public ReceiptSigner(ReceiptSigningKey key) {
        this.key = key;
        this.publishedKeys = jwks(key);
    }

    /**
     * @param receipt the receipt's JSON object (nested objects as maps, arrays as lists)
     * @return the compact JWS whose payload is exactly that object
     */
    public String sign(Map<String, Object> receipt) {
        return Jwt.claims(receipt).jws()
                .algorithm(SignatureAlgorithm.ES256)
                .keyId(key.kid())
                .type(TYPE)
                .sign(key.privateKey());
    }

    /** The JWK Set (RFC 7517) of the verification key: public parameters only. */
    public Map<String, Object> publishedKeys() {
        return publishedKeys;
    }

    private static Map<String, Object> jwks(ReceiptSigningKey key) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.publicKey());
            jwk.setKeyId(key.kid());
            jwk.setUse(Use.SIGNATURE);
            jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            return Map.of("keys", List.of(Collections.unmodifiableMap(jwk.toParams(OutputControlLevel.PUBLIC_ONLY))));
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot publish the receipt signing key as a JWK", e);
        }
    }
}
