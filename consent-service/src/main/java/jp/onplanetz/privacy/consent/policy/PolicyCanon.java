package jp.onplanetz.privacy.consent.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical form of policy content and its identity. Canonical: UTF-8 JSON, object keys sorted by
 * UTF-16 code unit, no insignificant white space, nulls written; lists are sorted by code in
 * {@link PolicyContent} itself. The content holds only strings, booleans, arrays and objects, for which
 * this is the same text RFC 8785 (JCS) gives, so anyone can recompute a version's hash from its content.
 * Its own mapper, not the application's: no customisation of the service may change a hash.
 */
public final class PolicyCanon {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            // JCS writes the other control characters as a u00xx escape in lower-case hex; Jackson defaults to upper case
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private PolicyCanon() {
    }

    public static String canonicalJson(PolicyContent content) {
        try {
            return CANONICAL.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("policy content is not serialisable", e);
        }
    }

    /** Lower-case hex SHA-256 of the canonical JSON's UTF-8 bytes: a version's identity. */
    public static String hash(PolicyContent content) {
        return sha256(canonicalJson(content));
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Reads stored content (canonical or not: the seed is indented). */
    public static PolicyContent parse(String json) {
        try {
            return CANONICAL.readValue(json, PolicyContent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored policy content is unreadable", e);
        }
    }
}
