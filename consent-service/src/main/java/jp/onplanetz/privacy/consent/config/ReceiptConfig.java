package jp.onplanetz.privacy.consent.config;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;

/**
 * How consent receipts are signed: consent-service's own settings. Their defaults are in application.properties, the
 * one place an operator reads them next to Quarkus' own; the README's Settings table lists them, checked against this
 * interface.
 */
@ConfigMapping(prefix = "privacyops.consent.receipts")
public interface ReceiptConfig {

    /**
     * The PEM file holding the EC P-256 key that signs consent receipts: a {@code PRIVATE KEY} (PKCS#8) and
     * its {@code PUBLIC KEY} block. In production a mounted Kubernetes Secret, so every replica signs with
     * the same key and the published key verifies receipts from all of them.
     */
    Path signingKeyLocation();

    /**
     * Make a new key when the file is missing. Only for local runs and tests: in production a missing key
     * must stop the service, since a key of its own would sign receipts nobody else can verify after a
     * restart or on another replica.
     */
    boolean generateKeyIfMissing();
}
