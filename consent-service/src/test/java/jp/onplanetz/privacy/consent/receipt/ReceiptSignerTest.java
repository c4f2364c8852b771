package jp.onplanetz.privacy.consent.receipt;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptSignerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Shaped like an ISO/IEC TS 27560 consent record: nested objects, arrays, strings, booleans. */
    private static final Map<String, Object> RECEIPT = Map.of(
            "schemaVersion", "27560:2023",
            "recordId", "7d8e5b0c-3f0e-4a8e-9a52-2f1c1b4f6a10",
            "piiPrincipalId", "c0ffee00-1234-4abc-8def-000000000001",
            "timestamp", "2026-04-01T09:30:00Z",
            "controller", Map.of("name", "株式会社オンプラネッツ", "contact", Map.of("email", "privacy@example.jp")),
            "purposes", List.of(
                    Map.of("purpose", "newsletter", "lawfulBasis", "consent", "thirdParty", false,
                            "piiCategories", List.of("email", "name")),
                    Map.of("purpose", "third-party-ads", "lawfulBasis", "consent", "thirdParty", true,
                            "recipient", "acme-ads", "piiCategories", List.of("ad-id"))),
            "collection", Map.of("method", "web-form", "notice", Map.of("policyRef", "policy-2026-04")),
            "active", true);

    @TempDir
    Path dir;

    @Test
    void aReceiptVerifiesWithThePublishedKeyAloneAndItsPayloadIsTheReceipt() throws Exception {
        ReceiptSigner signer = signer("key.pem");
        String token = signer.sign(RECEIPT);

        JsonWebSignature jws = outsiderVerifying(token, publishedJson(signer));
        assertThat(jws.verifySignature()).isTrue();
        assertThat(JSON.readValue(jws.getPayload(), new TypeReference<Map<String, Object>>() { }))
                .isEqualTo(RECEIPT);
        assertThat(jws.getHeader("typ")).isEqualTo("consent-receipt+jwt");
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("ES256");
        assertThat(jws.getKeyIdHeaderValue()).isEqualTo(keyOf(signer).get("kid"));
    }

    @Test
    void aPayloadChangedByOneCharacterFailsVerification() throws Exception {
        ReceiptSigner signer = signer("key.pem");
        String[] parts = signer.sign(RECEIPT).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String altered = payload.replace("\"acme-ads\"", "\"acme-adz\"");
        assertThat(altered).isNotEqualTo(payload).hasSameSizeAs(payload);
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(altered.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(outsiderVerifying(forged, publishedJson(signer)).verifySignature()).isFalse();
    }

    @Test
    void aSignatureByAnotherKeyFailsEvenUnderThePublishedKeyId() throws Exception {
        ReceiptSigner signer = signer("key.pem");
        ReceiptSigningKey otherKey = TestReceiptConfig.generatedKeyAt(dir.resolve("other.pem"));
        String published = publishedJson(signer);

        String byOtherSigner = new ReceiptSigner(otherKey).sign(RECEIPT);
        String byOtherKeyClaimingOurs = Jwt.claims(RECEIPT).jws().algorithm(SignatureAlgorithm.ES256)
                .keyId((String) keyOf(signer).get("kid")).type(ReceiptSigner.TYPE).sign(otherKey.privateKey());

        assertThat(outsiderVerifying(byOtherSigner, published).verifySignature()).isFalse();
        assertThat(outsiderVerifying(byOtherKeyClaimingOurs, published).verifySignature()).isFalse();
    }

    @Test
    void thePublishedSetHoldsOnePublicSigningKeyAndNoPrivatePart() throws Exception {
        ReceiptSigner signer = signer("key.pem");
        Map<String, Object> jwks = JSON.readValue(publishedJson(signer), new TypeReference<Map<String, Object>>() { });

        assertThat(jwks).containsOnlyKeys("keys");
        assertThat((List<?>) jwks.get("keys")).hasSize(1);
        Map<String, Object> key = keyOf(signer);
        assertThat(key).containsOnlyKeys("kty", "crv", "x", "y", "kid", "use", "alg").doesNotContainKey("d");
        assertThat(key).containsEntry("kty", "EC").containsEntry("crv", "P-256")
                .containsEntry("use", "sig").containsEntry("alg", "ES256");
    }

    private ReceiptSigner signer(String file) {
        return new ReceiptSigner(TestReceiptConfig.generatedKeyAt(dir.resolve(file)));
    }

    private static String publishedJson(ReceiptSigner signer) throws Exception {
        return JSON.writeValueAsString(signer.publishedKeys());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> keyOf(ReceiptSigner signer) throws Exception {
        Map<String, Object> jwks = JSON.readValue(publishedJson(signer), new TypeReference<Map<String, Object>>() { });
        return ((List<Map<String, Object>>) jwks.get("keys")).get(0);
    }

    /** As someone outside would: the token and the published JSON, nothing else; ES256 only. */
    private static JsonWebSignature outsiderVerifying(String token, String publishedJwks) throws Exception {
        JsonWebKeySet keys = new JsonWebKeySet(publishedJwks);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
        assertThat(keys.getJsonWebKeys()).hasSize(1);
        jws.setKey(((PublicJsonWebKey) keys.getJsonWebKeys().get(0)).getPublicKey());
        return jws;
    }
}
