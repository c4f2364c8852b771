package jp.onplanetz.privacy.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start empties the run's directory, so nothing of an earlier run outlives the broker's and the databases' data:
 * analytics-gateway's Kafka Streams state kept from an earlier run would hold offsets of a broker that no longer
 * exists, and its counting would go to ERROR.
 */
class LocalStackDirectoryTest {

    @Test
    void aStartEmptiesWhatAnEarlierRunLeft(@TempDir Path run) throws Exception {
        Path streams = Files.createDirectories(run.resolve("analytics-streams-8084/analytics-gateway/0_0"));
        Files.writeString(streams.resolve(".checkpoint"), "privacy.analytics.cell-totals.v1 0 4711");
        Files.writeString(run.resolve("consent-receipt-signing-key.pem"), "old key");
        Files.createDirectories(run.resolve("logs"));
        Files.writeString(run.resolve("logs/analytics-gateway.log"), "Streams ERROR");

        LocalStack.emptied(run);

        assertThat(run).isEmptyDirectory();
    }

    @Test
    void aMissingDirectoryIsMade(@TempDir Path parent) throws Exception {
        Path run = parent.resolve("stack");
        LocalStack.emptied(run);
        assertThat(run).isEmptyDirectory();
    }
}
