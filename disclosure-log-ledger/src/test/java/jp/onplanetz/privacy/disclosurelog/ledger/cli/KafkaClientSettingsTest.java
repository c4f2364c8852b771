package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"ledger-verifier\" password=\"s3cret\";";

    @Test
    void theFilesSettingsAndTheJaasConfigurationFromTheEnvironmentMakeTheClientsSecurity(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, """
                # as the CronJob's ConfigMap holds it
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                ssl.truststore.type=PEM
                ssl.truststore.location=/etc/privacy-ops/kafka/ca.crt
                """);

        assertThat(KafkaClientSettings.read(file, JAAS)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/privacy-ops/kafka/ca.crt",
                "sasl.jaas.config", JAAS));
    }

    @Test
    void withoutFileOrEnvironmentTheClientHasNoSettingsOfItsOwn() throws Exception {
        assertThat(KafkaClientSettings.read(null, null)).isEmpty();
        assertThat(KafkaClientSettings.read(null, " ")).isEmpty();
    }

    @Test
    void aFileMayHoldTheJaasConfigurationItself() throws Exception {
        assertThat(KafkaClientSettings.of(properties("sasl.jaas.config=" + JAAS.replace("\"", "\\\"")), null))
                .containsEntry("sasl.jaas.config", JAAS);
    }

    @Test
    void theJaasConfigurationGivenTwiceIsRefused() {
        assertThatThrownBy(() -> KafkaClientSettings.of(properties("sasl.jaas.config=x"), JAAS))
                .hasMessageContaining("both").hasMessageNotContaining("s3cret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bootstrap.servers=h:9092", "group.id=auditors", "enable.auto.commit=true",
            "key.deserializer=x", "value.deserializer=x", "allow.auto.create.topics=true", "group.instance.id=v"})
    void whatTheVerifierDecidesItselfIsRefusedInTheFile(String line) {
        // a group would need an ACL its user does not have, and would commit positions: the verifier reads by assignment
        assertThatThrownBy(() -> KafkaClientSettings.of(properties(line), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(line.substring(0, line.indexOf('=')));
    }

    @Test
    void anUnreadableFileIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> KafkaClientSettings.read(dir.resolve("missing.properties"), null))
                .isInstanceOf(java.io.IOException.class);
    }

    private static Properties properties(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }
}
