package jp.onplanetz.privacy.consent.receipt;

import jp.onplanetz.privacy.consent.config.ReceiptConfig;

import java.nio.file.Path;

/** The receipt settings without Quarkus: the unit tests build the key and the signer themselves. */
record TestReceiptConfig(Path signingKeyLocation, boolean generateKeyIfMissing) implements ReceiptConfig {

    static ReceiptSigningKey generatedKeyAt(Path location) {
        return new ReceiptSigningKey(new TestReceiptConfig(location, true));
    }
}
