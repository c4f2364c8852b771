package jp.onplanetz.privacy.events.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The committed {@code docs/events} must be exactly what the catalogue generates today: consumers read
 * those files, not our code, so a catalogue change that is not regenerated would mislead them.
 */
class EventDocsUpToDateTest {

    /** Surefire runs the tests in the module directory, the base the generator's default is relative to. */
    private static final Path COMMITTED = Path.of(GenerateEventDocs.DEFAULT_OUTPUT);

    @Test
    void committedDocsAreExactlyWhatTheCatalogueGenerates() throws IOException {
        List<String> problems = differences(COMMITTED);
        if (!problems.isEmpty()) {
            fail("docs/events is not what EventCatalogue generates:\n  - " + String.join("\n  - ", problems)
                    + "\nRegenerate it from the repository root with:\n  " + GenerateEventDocs.REGENERATE_COMMAND
                    + "\nand commit the result.");
        }
    }

    @Test
    void theCheckNoticesAChangedAMissingAndAStaleFile(@TempDir Path docs) throws IOException {
        GenerateEventDocs.main(new String[] {docs.toString()});
        Map.Entry<String, String> schema = aGeneratedSchema();
        Files.writeString(docs.resolve("README.md"), "# edited by hand\n");
        Files.delete(docs.resolve(schema.getKey()));
        Files.writeString(docs.resolve("schemas/withdrawn-type.v1.json"), "{}\n");

        assertThat(differences(docs)).containsExactlyInAnyOrder(
                "README.md differs from the generated file (first at line 1)",
                schema.getKey() + " is missing",
                "schemas/withdrawn-type.v1.json is stale: no event type of the catalogue has it");
    }

    @Test
    void theRegenerateCommandsGeneratorRepairsEveryDifference(@TempDir Path docs) throws IOException {
        GenerateEventDocs.main(new String[] {docs.toString()});
        Files.writeString(docs.resolve("asyncapi.json"), "{}\n");
        Files.delete(docs.resolve(aGeneratedSchema().getKey()));
        Files.writeString(docs.resolve("schemas/withdrawn-type.v1.json"), "{}\n");
        Files.writeString(docs.resolve("schemas/NOTES.txt"), "not a schema: left alone\n");

        GenerateEventDocs.main(new String[] {docs.toString()});

        assertThat(differences(docs)).isEmpty();
        assertThat(docs.resolve("schemas/NOTES.txt")).exists();
    }

    @Test
    void generationIsDeterministic() {
        assertThat(GenerateEventDocs.files()).isEqualTo(GenerateEventDocs.files());
    }

    @Test
    void aRelativeOutputIsResolvedAgainstTheModuleDirectoryMavenPassesIn(@TempDir Path module) {
        String before = System.getProperty(GenerateEventDocs.BASE_DIR_PROPERTY);
        try {
            System.setProperty(GenerateEventDocs.BASE_DIR_PROPERTY, module.toString());
            assertThat(GenerateEventDocs.outputDir("../../docs/events"))
                    .isEqualTo(module.resolve("../../docs/events").toAbsolutePath().normalize());
            assertThat(GenerateEventDocs.outputDir("/elsewhere/docs")).isEqualTo(Path.of("/elsewhere/docs"));
        } finally {
            if (before == null) {
                System.clearProperty(GenerateEventDocs.BASE_DIR_PROPERTY);
            } else {
                System.setProperty(GenerateEventDocs.BASE_DIR_PROPERTY, before);
            }
        }
    }

    /** Every way {@code dir} differs from a fresh generation, one line each; empty when identical. */
    private static List<String> differences(Path dir) throws IOException {
        Map<String, String> generated = GenerateEventDocs.files();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> file : generated.entrySet()) {
            Path path = dir.resolve(file.getKey());
            if (!Files.isRegularFile(path)) {
                problems.add(file.getKey() + " is missing");
                continue;
            }
            byte[] expected = file.getValue().getBytes(StandardCharsets.UTF_8);
            byte[] actual = Files.readAllBytes(path);
            if (!Arrays.equals(expected, actual)) {
                problems.add(file.getKey() + " differs from the generated file (first at line "
                        + firstDifferingLine(expected, actual) + ")");
            }
        }
        Path schemas = dir.resolve(GenerateEventDocs.SCHEMAS_DIR);
        if (Files.isDirectory(schemas)) {
            try (Stream<Path> files = Files.list(schemas)) {
                files.map(p -> GenerateEventDocs.SCHEMAS_DIR + "/" + p.getFileName())
                        .filter(name -> name.endsWith(".json") && !generated.containsKey(name)).sorted()
                        .forEach(name -> problems.add(name + " is stale: no event type of the catalogue has it"));
            }
        }
        return problems;
    }

    private static int firstDifferingLine(byte[] expected, byte[] actual) {
        int line = 1;
        for (int i = 0; i < Math.min(expected.length, actual.length) && expected[i] == actual[i]; i++) {
            if (expected[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static Map.Entry<String, String> aGeneratedSchema() {
        return GenerateEventDocs.files().entrySet().stream()
                .filter(e -> e.getKey().startsWith(GenerateEventDocs.SCHEMAS_DIR + "/")).findFirst().orElseThrow();
    }
}
