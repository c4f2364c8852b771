package jp.onplanetz.privacy.benchmarks.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultsFilesTest {

    record Figures(long events, double eventsPerSecond) {
    }

    private static BenchmarkReport report(String smokeRun, List<BenchmarkReport.Target> targets) {
        return new BenchmarkReport("sample", "sample: events per second against a plain consumer",
                "scripts/bench-sample.sh", Instant.parse("2026-12-07T23:00:00Z"), "abc123",
                new MachineFacts(2, "Some CPU", 7940, "Linux 6.1 amd64", "OpenJDK 17", "0.5 0.4 0.3", "1.0 0.8 0.5"),
                smokeRun, List.of("What ran, in a sentence."),
                List.of(new BenchmarkReport.Section("Figures", List.of("Both sides read the same records."),
                        new BenchmarkReport.Table(List.of("run", "events/s"), List.of(List.of("baseline", "1,000"),
                                List.of("gateway", "400")))),
                        BenchmarkReport.Section.text("Check", "Every row is there.")),
                targets, List.of("The baseline only reads."), new Figures(20_000, 400.5));
    }

    @Test
    void theMarkdownHasTheHeadingTheMachineEachTableAndTheTargetsVerdicts() {
        String md = ResultsFiles.markdown(report(null, List.of(new BenchmarkReport.Target(">= 0.4", "0.4005", true),
                new BenchmarkReport.Target("p99 < 2 ms", "3.1 ms", false))));

        assertThat(md).startsWith("# sample: events per second against a plain consumer\n\n")
                .contains("Written by `scripts/bench-sample.sh` (2026-12-07T23:00:00Z, commit abc123).")
                .contains("Machine: 2 cores (Some CPU), 7940 MiB, Linux 6.1 amd64, OpenJDK 17; load average (1, 5, 15 min)"
                        + " 0.5 0.4 0.3 at start, 1.0 0.8 0.5 at the end.")
                .contains("\n## Figures\n\nBoth sides read the same records.\n\n| run | events/s |\n| --- | --- |\n"
                        + "| baseline | 1,000 |\n| gateway | 400 |\n")
                .contains("\n## Check\n\nEvery row is there.\n")
                .contains("| >= 0.4 | 0.4005 | yes |\n| p99 < 2 ms | 3.1 ms | **no** |\n")
                .contains("- The baseline only reads.")
                .doesNotContain("Smoke-size run")
                .doesNotContain("\n\n\n");
    }

    @Test
    void aSmokeRunSaysSoAndAReportWithoutTargetsHasNoTargetTable() {
        String md = ResultsFiles.markdown(report("20,000 events, not 1,000,000.", List.of()));

        assertThat(md).contains("**Smoke-size run:** 20,000 events, not 1,000,000.").doesNotContain("## Targets");
    }

    @Test
    void theJsonIsTheReportWithTheBenchmarksOwnFiguresAndTheMarkdownBesideIt(@TempDir Path dir) throws Exception {
        ResultsFiles.write(dir, report(null, List.of()));

        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("sample.json")));
        assertThat(json.get("writtenAt").asText()).isEqualTo("2026-12-07T23:00:00Z");
        assertThat(json.at("/machine/cores").asInt()).isEqualTo(2);
        assertThat(json.at("/figures/events").asLong()).isEqualTo(20_000);
        assertThat(json.at("/figures/eventsPerSecond").asDouble()).isEqualTo(400.5);
        assertThat(json.at("/sections/0/table/rows/1/1").asText()).isEqualTo("400");
        assertThat(Files.readString(dir.resolve("sample.md"))).startsWith("# sample:");
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsRefused() {
        assertThatThrownBy(() -> new BenchmarkReport.Table(List.of("a", "b"), List.of(List.of("1"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
