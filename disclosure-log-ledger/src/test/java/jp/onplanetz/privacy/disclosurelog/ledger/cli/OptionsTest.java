package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import jp.onplanetz.privacy.disclosurelog.ledger.cli.Options.CheckpointSource;
import jp.onplanetz.privacy.disclosurelog.ledger.cli.Options.UsageException;
import jp.onplanetz.privacy.events.EventCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/disclosure_log";
    private static final String KEY = "onplanetz.jp/privacy-ops/disclosure-log+cb56dac4+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";

    private static Options parse(String... args) throws UsageException {
        return Options.parse(args, Map.of());
    }

    @Test
    void theDatabaseAndAPinnedKeyAreEnoughAndTheTableIsTheDefaultSource() throws Exception {
        Options o = Options.parse(new String[] {"--jdbc-url", URL, "--user", "auditor", "--key", KEY},
                Map.of("PGPASSWORD", "secret", "OTHER", "x"));

        assertThat(o.jdbcUrl()).isEqualTo(URL);
        assertThat(o.user()).isEqualTo("auditor");
        assertThat(o.password()).isEqualTo("secret");
        assertThat(o.passwordFile()).isNull();
        assertThat(o.key()).isEqualTo(KEY);
        assertThat(o.keyUrl()).isNull();
        assertThat(o.checkpoints()).isEqualTo(CheckpointSource.DB);
        assertThat(o.topic()).isEqualTo(EventCatalogue.LEDGER_CHECKPOINT_TOPIC);
        assertThat(o.kafkaTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.json()).isFalse();
        assertThat(o.help()).isFalse();
        assertThat(o.toString()).doesNotContain("secret");
    }

    @Test
    void theKafkaSourceWithItsBrokersAKeyUrlAndEveryOtherOption() throws Exception {
        Options o = parse("--jdbc-url=" + URL, "--user=auditor", "--password-file", "/run/secrets/pg",
                "--key-url", "https://disclosure-log.example/api/v1/ledger/key", "--checkpoints", "KAFKA",
                "--bootstrap-servers=kafka-0:9092,kafka-1:9092", "--topic", "mirror.checkpoints", "--kafka-timeout", "5",
                "--json");

        assertThat(o.passwordFile()).isEqualTo(Path.of("/run/secrets/pg"));
        assertThat(o.password()).isNull();
        assertThat(o.keyUrl()).isEqualTo(URI.create("https://disclosure-log.example/api/v1/ledger/key"));
        assertThat(o.key()).isNull();
        assertThat(o.checkpoints()).isEqualTo(CheckpointSource.KAFKA);
        assertThat(o.bootstrapServers()).isEqualTo("kafka-0:9092,kafka-1:9092");
        assertThat(o.topic()).isEqualTo("mirror.checkpoints");
        assertThat(o.kafkaTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.json()).isTrue();
        assertThat(o.kafkaConfig()).isNull();
        assertThat(o.kafkaJaasConfig()).isNull();
    }

    @Test
    void theClusterSettingsComeFromAFileAndTheJaasConfigurationFromTheEnvironmentOnly() throws Exception {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ledger-verifier\""
                + " password=\"s3cret\";";
        Options o = Options.parse(new String[] {"--jdbc-url", URL, "--user", "auditor", "--key", KEY, "--checkpoints",
                "kafka", "--bootstrap-servers", "privacy-ops-kafka-bootstrap:9093", "--kafka-config",
                "/etc/privacy-ops/verifier/kafka.properties"}, Map.of(Options.KAFKA_SASL_JAAS_CONFIG, jaas));

        assertThat(o.kafkaConfig()).isEqualTo(Path.of("/etc/privacy-ops/verifier/kafka.properties"));
        assertThat(o.kafkaJaasConfig()).isEqualTo(jaas);
        assertThat(o.toString()).doesNotContain("s3cret").contains("kafkaJaasConfig=***");
    }

    @Test
    void theJaasConfigurationIsNotTakenForARunWithoutKafka() throws Exception {
        Options o = Options.parse(new String[] {"--jdbc-url", URL, "--user", "auditor", "--key", KEY},
                Map.of(Options.KAFKA_SASL_JAAS_CONFIG, "x"));

        assertThat(o.kafkaJaasConfig()).isNull();
    }

    @Test
    void aKeyWithPlusSignsAndEqualsSignsSurvivesBothSpellings() throws Exception {
        String padded = KEY.substring(0, KEY.length() - 4) + "AA==";
        assertThat(parse("--jdbc-url", URL, "--user", "a", "--key=" + padded).key()).isEqualTo(padded);
        assertThat(parse("--jdbc-url", URL, "--user", "a", "--key", padded).key()).isEqualTo(padded);
    }

    @Test
    void helpNeedsNothingElse() throws Exception {
        assertThat(parse("--help").help()).isTrue();
        assertThat(parse("--user", "a", "--help").help()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",                                                    // nothing
            "--user a --key K",                                    // no database
            "--jdbc-url jdbc:mysql://h/db --user a --key K",       // not PostgreSQL
            "--jdbc-url URL --key K",                              // no user
            "--jdbc-url URL --user a",                             // no key
            "--jdbc-url URL --user a --key K --key-url http://h/k", // two keys
            "--jdbc-url URL --user a --key-url ftp://h/k",          // not http
            "--jdbc-url URL --user a --key-url http:no-host",       // no host
            "--jdbc-url URL --user a --key K --checkpoints topic",  // no such source
            "--jdbc-url URL --user a --key K --checkpoints kafka",  // no brokers
            "--jdbc-url URL --user a --key K --bootstrap-servers h:9092", // brokers for the table
            "--jdbc-url URL --user a --key K --topic t",            // topic for the table
            "--jdbc-url URL --user a --key K --kafka-config k.properties", // client settings for the table
            "--jdbc-url URL --user a --key K --checkpoints kafka --bootstrap-servers h:9092 --kafka-config",
            "--jdbc-url URL --user a --key K --checkpoints kafka --bootstrap-servers h:9092 --sasl-jaas-config x",
            "--jdbc-url URL --user a --key K --checkpoints kafka --bootstrap-servers h:9092 --kafka-timeout 0",
            "--jdbc-url URL --user a --key K --checkpoints kafka --bootstrap-servers h:9092 --kafka-timeout soon",
            "--jdbc-url URL --user a --key K --password secret",    // no password on the command line
            "--jdbc-url URL --user a --key K extra",                // a stray argument
            "--jdbc-url URL --user a --user b --key K",             // twice
            "--jdbc-url URL --user --key K",                        // a missing value
            "--jdbc-url URL --user a --key K --json=yes",           // a flag with a value
    })
    void commandLinesThatCannotRunAreRefusedWithTheReason(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.replace("URL", URL).split(" ");
        assertThatThrownBy(() -> parse(args)).isInstanceOf(UsageException.class).message().isNotBlank();
    }

    @Test
    void theReasonSaysWhatIsWrong() {
        assertThatThrownBy(() -> parse("--jdbc-url", URL, "--user", "a", "--key", KEY, "--checkpoints", "kafka"))
                .hasMessage("--checkpoints kafka needs --bootstrap-servers");
        assertThatThrownBy(() -> parse("--jdbc-url", URL, "--user", "a", "--key", KEY, "--password", "x"))
                .hasMessage("unknown option --password");
        assertThatThrownBy(() -> parse("--jdbc-url", URL, "--user", "a"))
                .hasMessage("give the checkpoint key: exactly one of --key and --key-url");
    }
}
