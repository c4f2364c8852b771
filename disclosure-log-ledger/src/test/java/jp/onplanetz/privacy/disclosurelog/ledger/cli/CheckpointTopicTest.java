package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.events.EventCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event as the published contract describes it is what the verifier reads. */
class CheckpointTopicTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theContractsExampleEventIsRead() throws Exception {
        String example;
        try (InputStream in = EventCatalogue.class.getResourceAsStream(
                EventCatalogue.LEDGER_CHECKPOINT_SIGNED.exampleResource())) {
            assertThat(in).as("the contract's example of " + EventCatalogue.LEDGER_CHECKPOINT_SIGNED.name()).isNotNull();
            example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        CheckpointTopic.Copy copy = CheckpointTopic.parse(example, 0, 41, json);

        assertThat(copy.logId()).isEqualTo("shard-03");
        assertThat(copy.treeSize()).isEqualTo(8);
        assertThat(copy.note()).startsWith("onplanetz.jp/privacy-ops/disclosure-log/shard-03\n8\n");
        assertThat(copy.where()).isEqualTo("partition 0, offset 41");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{}", "{\"logId\": \"shard-03\", \"treeSize\": 8}",
            "{\"logId\": \"shard-03\", \"treeSize\": \"8\", \"note\": \"n\"}",
            "{\"logId\": \"shard-03\", \"treeSize\": -1, \"note\": \"n\"}",
            "{\"logId\": \"\", \"treeSize\": 8, \"note\": \"n\"}",
            "{\"treeSize\": 8, \"note\": \"n\"}"})
    void anEventWithoutWhatTheVerifierNeedsIsUnreadable(String value) {
        assertThatThrownBy(() -> CheckpointTopic.parse(value, 0, 0, json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordWithoutValueIsUnreadable() {
        assertThatThrownBy(() -> CheckpointTopic.parse(null, 0, 0, json)).hasMessage("no value");
    }
}
