package jp.onplanetz.privacy.benchmarks.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a run's {@link BenchmarkReport} into {@code benchmarks/results}: the report as JSON, and the Markdown rendered
 * from {@code report.md} (a Qute template), the one layout of every benchmark's results.
 */
public final class ResultsFiles {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final Template MARKDOWN = template();

    private ResultsFiles() {
    }

    /** Writes {@code <name>.json} and {@code <name>.md} into {@code dir} and prints the Markdown. */
    public static void write(Path dir, BenchmarkReport report) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(report.name() + ".json"), json(report));
        String markdown = markdown(report);
        Files.writeString(dir.resolve(report.name() + ".md"), markdown);
        System.out.println(markdown);
    }

    public static String json(BenchmarkReport report) throws IOException {
        return JSON.writeValueAsString(report) + "\n";
    }

    public static String markdown(BenchmarkReport report) {
        return MARKDOWN.data("report", report).render();
    }

    private static Template template() {
        Engine engine = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver()).build();
        try (InputStream in = ResultsFiles.class.getResourceAsStream("report.md")) {
            return engine.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
