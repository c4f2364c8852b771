package jp.onplanetz.privacy.disclosurelog.service.ledger;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import jp.onplanetz.privacy.disclosurelog.config.DisclosureLogConfig;
import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointSigner;
import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointVerifier;
import jp.onplanetz.privacy.runtime.keys.KeyPairFile;

/**
 * The Ed25519 key that signs the ledger's checkpoints. Loaded at startup: a service that cannot sign must not
 * start taking records it could never prove. The key lives outside the database on purpose: whoever can rewrite
 * the tables still cannot sign a root for the rewritten history.
 */
@Singleton
@Startup
public class CheckpointKey {

    private final CheckpointSigner signer;

    public CheckpointKey(DisclosureLogConfig config) {
        this.signer = new CheckpointSigner(config.ledger().keyName(), KeyPairFile.ed25519().loadOrCreate(
                config.ledger().checkpointKeyLocation(), config.ledger().generateKeyIfMissing(),
                "privacyops.disclosure-log.ledger.checkpoint-key-location"));
    }

    public CheckpointSigner signer() {
        return signer;
    }

    public CheckpointVerifier verifier() {
        return signer.verifier();
    }
}
