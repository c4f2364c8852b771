package jp.onplanetz.privacy.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command prefix runs the service's java command (the deployment's read-only run puts it inside bubblewrap):
 * the prefix is what is started, it is handed the whole java command line, and its exit code is the service's.
 */
class ServiceProcessPrefixTest {

    @Test
    void thePrefixRunsTheJavaCommandLineAndItsExitCodeIsReported(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("quarkus-run.jar"));
        Path seen = dir.resolve("seen.txt");
        // a stand-in for a sandbox: writes the command it was given, then ends as a service refusing to start would
        List<String> prefix = List.of("sh", "-c", "printf '%s\\n' \"$@\" > " + seen + "; exit 7", "sandbox");

        ServiceProcess process = ServiceProcess.launch("consent-service", jar, 18081, Map.of("a.setting", "on"),
                dir.resolve("logs/consent-service.log"), prefix);

        assertThat(process.awaitExit(Duration.ofSeconds(30))).hasValue(7);
        assertThat(Files.readAllLines(seen)).startsWith(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .contains("-Da.setting=on", "-Dquarkus.http.port=18081")
                .endsWith("-jar", jar.toAbsolutePath().toString());
    }
}
