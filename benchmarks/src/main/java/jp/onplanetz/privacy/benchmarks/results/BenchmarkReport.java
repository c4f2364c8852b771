package jp.onplanetz.privacy.benchmarks.results;

import jp.onplanetz.privacy.localstack.LocalStack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark run's results, as data: written as {@code benchmarks/results/<name>.json} and rendered into
 * {@code <name>.md} by the one template every benchmark shares ({@link ResultsFiles}).
 *
 * @param name       the files' name, e.g. {@code analytics-throughput}
 * @param title      what was measured against what, the Markdown's heading
 * @param script     the script that runs it
 * @param commit     the commit measured, marked when the working tree differs from it
 * @param smokeRun   why the run is smaller than a full one and what its figures still show; null for a full run
 * @param setup      what ran and how, in sentences
 * @param sections   the measurements, each with its own explanation and table
 * @param targets    each target, what was measured and whether it was met
 * @param notes      what the comparison leaves out or counts differently
 * @param figures    the benchmark's own figures (its records), complete, for anyone who reads the JSON
 */
public record BenchmarkReport(String name, String title, String script, Instant writtenAt, String commit,
        MachineFacts machine, String smokeRun, List<String> setup, List<Section> sections, List<Target> targets,
        List<String> notes, Object figures) {

    public BenchmarkReport {
        setup = List.copyOf(setup);
        sections = List.copyOf(sections);
        targets = List.copyOf(targets);
        notes = List.copyOf(notes);
    }

    /** A part of the results: its explanation and, where it has one, its table. */
    public record Section(String heading, List<String> text, Table table) {
        public Section {
            text = List.copyOf(text);
        }

        public static Section text(String heading, String... text) {
            return new Section(heading, List.of(text), null);
        }
    }

    /** A table: its columns' names and its rows, each cell as the Markdown shows it. */
    public record Table(List<String> columns, List<List<String>> rows) {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("a row of " + row.size() + " cells in a table of " + columns);
                }
            }
        }
    }

    /** A target: what it asks, what was measured, and whether it was met. */
    public record Target(String target, String measured, boolean met) {
    }

    /** A report written now, of the commit in the checkout. */
    public static BenchmarkReport now(String name, String title, String script, MachineFacts machine, String smokeRun,
            List<String> setup, List<Section> sections, List<Target> targets, List<String> notes, Object figures) {
        return new BenchmarkReport(name, title, script, Instant.now().truncatedTo(ChronoUnit.SECONDS), measuredCommit(),
                machine, smokeRun, setup, sections, targets, notes, figures);
    }

    /** The checkout's commit, marked when the working tree differs from it. */
    static String measuredCommit() {
        String head = git("rev-parse", "--short=12", "HEAD");
        if (head.isEmpty()) {
            return "unknown";
        }
        return git("status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + " (with uncommitted changes)";
    }

    private static String git(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", LocalStack.repositoryRoot().toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
