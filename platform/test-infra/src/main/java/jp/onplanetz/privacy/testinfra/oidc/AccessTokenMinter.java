package jp.onplanetz.privacy.testinfra.oidc;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Signs access tokens shaped like Keycloak's, with one RSA key that lives as long as the issuer.
 *
 * <p>Every claim the signer would otherwise default (iss, aud, iat, exp, jti, alg) is set explicitly, and signing
 * runs with this module's class loader as context loader, so {@code smallrye.jwt.new-token.*} properties of an
 * application sharing the JVM do not change the tokens.
 */
final class AccessTokenMinter {

    /** Keycloak puts the granted client scopes here; "profile email" is what its default scopes yield. */
    static final String SCOPE = "profile email";

    private final String issuer;
    private final KeyPair keyPair;
    private final String keyId;
    private final Clock clock;

    AccessTokenMinter(String issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
        this.keyPair = newRsaKeyPair();
        // Random per start: a verifier that cached the JWKS of an earlier run must not match this key by kid.
        this.keyId = UUID.randomUUID().toString();
    }

    String mint(String subject, String preferredUsername, String clientId, Set<String> roles, Duration lifetime) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(preferredUsername, "preferredUsername");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(lifetime, "lifetime");

        long now = clock.instant().getEpochSecond();
        long expiresAt = now + lifetime.toSeconds();
        // An already expired token still looks issued in the past: with iat after exp a verifier could reject it
        // as malformed, and an expiry test would then pass for the wrong reason.
        long issuedAt = expiresAt > now ? now : expiresAt - LocalIdentities.ACCESS_TOKEN_LIFETIME.toSeconds();

        // The signer reads MicroProfile Config through the context class loader; pinning it to ours keeps the
        // tokens independent of whichever application happens to call (and of its smallrye.jwt.* settings).
        Thread thread = Thread.currentThread();
        ClassLoader callerLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(AccessTokenMinter.class.getClassLoader());
        try {
            return sign(subject, preferredUsername, clientId, roles, issuedAt, expiresAt);
        } finally {
            thread.setContextClassLoader(callerLoader);
        }
    }

    private String sign(String subject, String preferredUsername, String clientId, Set<String> roles,
                        long issuedAt, long expiresAt) {
        return Jwt.claims()
                .issuer(issuer)
                .subject(subject)
                .audience(LocalIdentities.AUDIENCE)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .claim("jti", UUID.randomUUID().toString())
                .claim("typ", "Bearer")
                .claim("azp", clientId)
                .preferredUserName(preferredUsername)
                .claim("scope", SCOPE)
                .claim("realm_access", Map.of("roles", roles.stream().sorted().toList()))
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(keyId)
                .type("JWT")
                .sign(keyPair.getPrivate());
    }

    /** The public half as a JWK, in the form Keycloak's certs endpoint lists it. */
    Map<String, Object> publicJwk() {
        RSAPublicKey publicKey = (RSAPublicKey) keyPair.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", keyId);
        jwk.put("kty", "RSA");
        jwk.put("alg", "RS256");
        jwk.put("use", "sig");
        jwk.put("n", base64UrlUnsigned(publicKey.getModulus()));
        jwk.put("e", base64UrlUnsigned(publicKey.getPublicExponent()));
        return jwk;
    }

    Map<String, Object> jwks() {
        return Map.of("keys", List.of(publicJwk()));
    }

    // JWK wants the big-endian magnitude; BigInteger adds a sign byte whenever the top bit is set.
    private static String base64UrlUnsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is mandatory in every JDK", e);
        }
    }
}
