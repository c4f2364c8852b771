package jp.onplanetz.privacy.events.published;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import jp.onplanetz.privacy.events.IdentifierUris;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The payload schemas as an outside consumer has them: the files published in {@code docs/events/schemas/} (not the
 * copies in this module's jar), loaded as they are into Vert.x's JSON Schema implementation, which shares no code
 * with the validator the services use. Each schema is first checked against the JSON Schema 2020-12 meta-schema
 * (what a validator such as Ajv does when it compiles one), then compiled by its own {@code $id}.
 */
public final class PublishedSchemas {

    public static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
    /** The meta-schema's vocabularies, shipped in vertx-json-schema's jar under their own ids. */
    private static final List<String> META_SCHEMA_PARTS = List.of("schema", "meta/core", "meta/applicator",
            "meta/unevaluated", "meta/validation", "meta/meta-data", "meta/format-annotation", "meta/content");

    private final Path directory;
    private final Map<String, Schema> byFileName;

    /** One published schema: its file, its parsed text, and a validator compiled from it. */
    public record Schema(Path file, JsonObject json, Validator validator) {
        public String id() {
            return json.getString("$id");
        }

        /** Each violation as {@code <instance location>: <error>}; empty when {@code payloadJson} is valid. */
        public List<String> violations(String payloadJson) {
            return PublishedSchemas.violations(validator.validate(Json.decodeValue(payloadJson)));
        }
    }

    private PublishedSchemas(Path directory, Map<String, Schema> byFileName) {
        this.directory = directory;
        this.byFileName = Collections.unmodifiableMap(byFileName);
    }

    /** The published {@code docs/events/schemas/} of this checkout, found upwards from the working directory. */
    public static PublishedSchemas ofThisCheckout() {
        return load(checkoutRoot().resolve("docs/events/schemas"));
    }

    /**
     * Loads every {@code *.json} of {@code directory}.
     *
     * @throws IllegalStateException naming the file when one is not a valid 2020-12 schema or will not compile
     */
    public static PublishedSchemas load(Path directory) {
        JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setOutputFormat(OutputFormat.Basic).setBaseUri(META_SCHEMA);
        SchemaRepository metaSchemas = SchemaRepository.create(options);
        for (String part : META_SCHEMA_PARTS) {
            String id = "https://json-schema.org/draft/2020-12/" + part;
            metaSchemas.dereference(id, JsonSchema.of(new JsonObject(resource("json-schema.org/draft/2020-12/" + part))));
        }
        Validator metaSchema = metaSchemas.validator(META_SCHEMA);

        Map<String, Schema> schemas = new TreeMap<>();
        for (Path file : jsonFiles(directory)) {
            JsonObject json;
            try {
                json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                throw new IllegalStateException(file + " is not JSON: " + e.getMessage(), e);
            }
            List<String> metaViolations = violations(metaSchema.validate(json));
            if (!metaViolations.isEmpty()) {
                throw new IllegalStateException(file + " is not a valid JSON Schema 2020-12: " + metaViolations);
            }
            String id = json.getString("$id");
            if (id == null) {
                throw new IllegalStateException(file + " has no $id");
            }
            // Vert.x would take an invalid $id; Ajv and others refuse to compile such a schema, so this refuses too.
            IdentifierUris.defect(id).ifPresent(d -> {
                throw new IllegalStateException(file + " has an $id that is not a valid absolute URI: " + id + ": " + d);
            });
            Validator validator;
            try {
                // Compiled with its own $id as the base: every reference in it resolves against that.
                validator = SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                                .setOutputFormat(OutputFormat.Basic).setBaseUri(id))
                        .dereference(id, JsonSchema.of(json)).validator(id);
            } catch (RuntimeException e) {
                throw new IllegalStateException(file + " does not compile: " + e.getMessage(), e);
            }
            schemas.put(file.getFileName().toString(), new Schema(file, json, validator));
        }
        return new PublishedSchemas(directory, schemas);
    }

    public Path directory() {
        return directory;
    }

    /** Every schema by its file name, e.g. {@code consent.granted.v1.json}. */
    public Map<String, Schema> byFileName() {
        return byFileName;
    }

    /** The published schema whose {@code $id} is {@code id}. */
    public Schema byId(String id) {
        return byFileName.values().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no schema in " + directory + " has the $id " + id));
    }

    /** The checkout's root: the nearest directory up from the working directory that holds {@code mvnw}. */
    public static Path checkoutRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("run from inside the checkout (no mvnw above " + Path.of("").toAbsolutePath() + ")");
        }
        return p;
    }

    private static List<String> violations(OutputUnit result) {
        if (Boolean.TRUE.equals(result.getValid())) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (result.getErrors() != null) {
            for (OutputUnit error : result.getErrors()) {
                out.add(error.getInstanceLocation() + ": " + error.getError() + " (" + error.getKeywordLocation() + ")");
            }
        }
        if (out.isEmpty()) {
            out.add(result.getInstanceLocation() + ": " + result.getError());
        }
        return out;
    }

    private static List<Path> jsonFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = PublishedSchemas.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing " + path + " (vertx-json-schema's copy of the meta-schema)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
