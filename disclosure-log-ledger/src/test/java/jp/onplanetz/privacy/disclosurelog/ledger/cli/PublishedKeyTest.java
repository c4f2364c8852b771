package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointSigner;
import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointVerifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key as GET /api/v1/ledger/key answers it. */
class PublishedKeyTest {

    private static final String NAME = "onplanetz.jp/privacy-ops/disclosure-log";
    private final ObjectMapper json = new ObjectMapper();
    private final CheckpointVerifier key = CheckpointSigner.generate(NAME).verifier();
    private final CheckpointVerifier other = CheckpointSigner.generate(NAME).verifier();

    private ObjectNode answer(CheckpointVerifier verifierKeyOf, String name, CheckpointVerifier jwkOf) {
        ObjectNode body = json.createObjectNode();
        body.put("keyName", name);
        body.put("verifierKey", verifierKeyOf.verifierKey());
        body.set("jwk", json.valueToTree(jwkOf.jwk()));
        return body;
    }

    @Test
    void theVerifierKeyIsTheKeyWhenNameAndJwkAgree() {
        CheckpointVerifier read = PublishedKey.read(answer(key, NAME, key));

        assertThat(read.verifierKey()).isEqualTo(key.verifierKey());
    }

    @Test
    void anAnswerThatContradictsItselfIsNotTrusted() {
        assertThatThrownBy(() -> PublishedKey.read(answer(key, NAME, other))).hasMessageContaining("different keys");
        assertThatThrownBy(() -> PublishedKey.read(answer(key, "another-name", key))).hasMessageContaining("names");
        assertThatThrownBy(() -> PublishedKey.read(json.createObjectNode().put("keyName", NAME)))
                .hasMessageContaining("no verifierKey");
    }
}
