package jp.onplanetz.privacy.events;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks payloads against the published JSON Schema of their event type. Formats ({@code uuid},
 * {@code date-time}) are asserted, not just annotated: a consumer relies on them.
 */
public final class EventSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The schema document of an event type, as published. */
    public static String schemaText(EventType<?> type) {
        return resource(type.schemaResource());
    }

    /** The example payload of an event type, as published. */
    public static String exampleText(EventType<?> type) {
        return resource(type.exampleResource());
    }

    /**
     * Validates a JSON payload.
     *
     * @return the violations, each naming the offending location; empty when valid
     */
    public static List<String> violations(EventType<?> type, String payloadJson) {
        Schema schema = CACHE.computeIfAbsent(type.name(),
                n -> REGISTRY.getSchema(schemaText(type), InputFormat.JSON));
        List<Error> errors = schema.validate(payloadJson, InputFormat.JSON,
                ctx -> ctx.executionConfig(cfg -> cfg.formatAssertionsEnabled(true)));
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    private static String resource(String path) {
        try (InputStream in = EventSchemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
