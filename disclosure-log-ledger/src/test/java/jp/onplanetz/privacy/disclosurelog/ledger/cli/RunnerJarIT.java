package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged verifier as an operator runs it: {@code java -jar} on the runner jar, in a JVM of its own, so the
 * manifest, picocli and the drivers packed into the jar are what is tested, not the build's classpath. Run by the
 * module's integration-test phase, after the jar is made.
 */
class RunnerJarIT {

    private static final Path JAR = Path.of(System.getProperty("verifier.runner.jar",
            "target/disclosure-log-ledger-1.0.0-SNAPSHOT-runner.jar"));
    private static final String KEY = CheckpointSigner.generate("onplanetz.jp/privacy-ops/disclosure-log").verifier()
            .verifierKey();

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the verifier ended").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsEveryOptionAndExitsZero() throws Exception {
        Run help = run("--help");

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).startsWith("usage: verify-disclosure-log").contains("--jdbc-url", "--user",
                "--password-file", "--key", "--key-url", "--checkpoints", "--bootstrap-servers", "--topic",
                "--kafka-timeout", "--kafka-config", "--json", "Exit status: 0");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void anUnknownOptionIsAUsageErrorOnStandardError() throws Exception {
        Run bad = run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/disclosure_log", "--user", "auditor", "--key", KEY,
                "--password", "secret");

        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).startsWith("verify-disclosure-log: unknown option --password").contains("usage:");
        assertThat(bad.out()).isEmpty();
    }

    /** The PostgreSQL driver and the Kafka client are inside the jar: each fails on its refused connection, not on a
     *  missing class or driver. */
    @Test
    void theDriversArePackedIn() throws Exception {
        Run database = run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/disclosure_log?connectTimeout=5", "--user",
                "auditor", "--key", KEY);
        assertThat(database.exitCode()).as(database.toString()).isEqualTo(2);
        assertThat(database.err()).startsWith("verify-disclosure-log: could not read the ledger at")
                .doesNotContain("No suitable driver");

        Run kafka = run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/disclosure_log", "--user", "auditor", "--key",
                KEY, "--checkpoints", "kafka", "--bootstrap-servers", "127.0.0.1:1", "--kafka-timeout", "2");
        assertThat(kafka.exitCode()).as(kafka.toString()).isEqualTo(2);
        assertThat(kafka.err()).startsWith("verify-disclosure-log: could not read the checkpoints from");
    }
}
