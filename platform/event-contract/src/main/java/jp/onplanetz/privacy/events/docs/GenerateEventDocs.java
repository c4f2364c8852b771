package jp.onplanetz.privacy.events.docs;

import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the consumer-facing event documentation ({@code asyncapi.json}, {@code README.md} and
 * {@code schemas/*.json}) from {@link EventCatalogue}. The output depends on the catalogue alone (no
 * timestamps), so a test can demand that the committed files equal a fresh generation.
 */
public final class GenerateEventDocs {

    /** Where the docs live, relative to this module's directory. */
    public static final String DEFAULT_OUTPUT = "../../docs/events";
    public static final String SCHEMAS_DIR = "schemas";
    /**
     * Set by this module's pom for {@code exec:java}: Maven runs the goal in its own JVM, whose working
     * directory is wherever {@code mvnw} was started (the repository root with {@code -pl}), not the module.
     * A relative output directory is resolved against it, so the command below works from anywhere.
     */
    public static final String BASE_DIR_PROPERTY = "eventDocs.baseDir";
    public static final String REGENERATE_COMMAND = "./mvnw -q -pl platform/event-contract exec:java"
            + " -Dexec.mainClass=" + GenerateEventDocs.class.getName() + " -Dexec.args=" + DEFAULT_OUTPUT;

    private GenerateEventDocs() {
    }

    /**
     * @param args the output directory (default {@value #DEFAULT_OUTPUT}); relative to the module directory
     *             when run through Maven, else to the working directory
     */
    public static void main(String[] args) throws IOException {
        Path out = outputDir(args.length > 0 ? args[0] : DEFAULT_OUTPUT);
        SortedMap<String, String> files = files();
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = out.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
        // A schema whose type left the catalogue must disappear too, or consumers would still find it.
        List<Path> stale = schemaFiles(out).stream()
                .filter(p -> !files.containsKey(SCHEMAS_DIR + "/" + p.getFileName())).toList();
        for (Path path : stale) {
            Files.delete(path);
        }
        System.out.println("event docs: wrote " + files.size() + " files to " + out
                + (stale.isEmpty() ? "" : ", removed stale " + stale));
    }

    /** Every generated file's text by its '/'-separated path under the output directory. */
    public static SortedMap<String, String> files() {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("asyncapi.json", AsyncApiDocument.render());
        files.put("README.md", TopicCatalogueMarkdown.render());
        // a retired type's schema stays: records written under it may still be read outside
        for (EventType<?> type : Stream.concat(EventCatalogue.eventTypes().stream(),
                EventCatalogue.retiredEventTypes().stream()).toList()) {
            // Copied as published in the jar, byte for byte: consumers may check them against it.
            files.put(schemaPath(type), EventSchemas.schemaText(type));
        }
        return files;
    }

    public static String schemaPath(EventType<?> type) {
        return SCHEMAS_DIR + "/" + type.name() + ".json";
    }

    static Path outputDir(String arg) {
        Path path = Path.of(arg);
        String baseDir = System.getProperty(BASE_DIR_PROPERTY);
        return (path.isAbsolute() || baseDir == null ? path : Path.of(baseDir).resolve(path))
                .toAbsolutePath().normalize();
    }

    private static List<Path> schemaFiles(Path out) throws IOException {
        Path dir = out.resolve(SCHEMAS_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
        }
    }
}
