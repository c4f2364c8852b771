package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.QuantityFormatException;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The scalar types of the Kubernetes API, and what each accepts as the API server decodes JSON into Go: a number is
 * not a string ({@code env[].value: 8080} is refused), a string is not a number ({@code replicas: "2"} is refused),
 * a quantity has the API's format. The model walkers map their Java field types to these.
 */
enum ApiScalar {
    STRING, INT32, INT64, BOOLEAN, NUMBER, INT_OR_STRING, QUANTITY, TIME, BASE64,
    /** A free-form value (RawExtension, a JSON field): anything is allowed. */
    ANY;

    /** What is wrong with a value of this type; empty if it fits. */
    Optional<String> problem(JsonNode node) {
        return switch (this) {
            case STRING -> expect(node.isTextual(), "a string", node);
            case INT32 -> expect(node.isIntegralNumber() && node.canConvertToInt(), "a 32-bit integer", node);
            case INT64 -> expect(node.isIntegralNumber() && node.canConvertToLong(), "a 64-bit integer", node);
            case BOOLEAN -> expect(node.isBoolean(), "true or false", node);
            case NUMBER -> expect(node.isNumber(), "a number", node);
            case INT_OR_STRING -> expect(node.isIntegralNumber() || node.isTextual(), "an integer or a string", node);
            case QUANTITY -> quantity(node);
            case TIME -> time(node);
            case BASE64 -> base64(node);
            case ANY -> Optional.empty();
        };
    }

    private static Optional<String> quantity(JsonNode node) {
        if (!node.isTextual() && !node.isNumber()) {
            return expect(false, "a quantity", node);
        }
        try {
            Quantity.fromString(node.asText());
            return Optional.empty();
        } catch (QuantityFormatException | NumberFormatException e) {
            return Optional.of("not a quantity: " + node);
        }
    }

    private static Optional<String> time(JsonNode node) {
        if (!node.isTextual()) {
            return expect(false, "an RFC 3339 time", node);
        }
        try {
            OffsetDateTime.parse(node.asText());
            return Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.of("not an RFC 3339 time: " + node);
        }
    }

    private static Optional<String> base64(JsonNode node) {
        if (!node.isTextual()) {
            return expect(false, "base64 text", node);
        }
        try {
            Base64.getDecoder().decode(node.asText());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("not base64: " + e.getMessage());
        }
    }

    private static Optional<String> expect(boolean fits, String expected, JsonNode node) {
        return fits ? Optional.empty() : Optional.of("expected " + expected + ", found " + describe(node));
    }

    static String describe(JsonNode node) {
        String text = node.toString();
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " "
                + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
    }
}
