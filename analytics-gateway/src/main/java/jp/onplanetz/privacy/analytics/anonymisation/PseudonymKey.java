package jp.onplanetz.privacy.analytics.anonymisation;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * One HMAC key of the {@link KeyRing}: its version, which every pseudonym made with it carries, and its
 * secret bytes. Not a record, because a record would compare and print the array by reference and hand out
 * the caller's own array; this class copies the secret in and out and never prints it.
 */
public final class PseudonymKey {

    /**
     * The hash output length: a shorter key would make the key, not the hash, the weakest part (RFC 2104,
     * section 3, recommends no less than the output length).
     */
    public static final int MINIMUM_SECRET_BYTES = 32;

    private final int version;
    private final byte[] secret;

    /**
     * @param version positive; appears in pseudonyms as {@code p<version>:}, so it must never be reused for a
     *                different secret
     * @param secret  at least {@value #MINIMUM_SECRET_BYTES} bytes from a secure random source
     */
    public PseudonymKey(int version, byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (version < 1) {
            throw new IllegalArgumentException("key version must be positive: " + version);
        }
        if (secret.length < MINIMUM_SECRET_BYTES) {
            throw new IllegalArgumentException("pseudonym key " + version + " has " + secret.length
                    + " bytes; at least " + MINIMUM_SECRET_BYTES + " are required");
        }
        this.version = version;
        this.secret = secret.clone();
    }

    public int version() {
        return version;
    }

    /** A copy: the key object stays the only holder of its bytes. */
    public byte[] secret() {
        return secret.clone();
    }

    /** Same version and same secret; compared in constant time, as anything touching a secret should be. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PseudonymKey key && key.version == version
                && MessageDigest.isEqual(key.secret, secret);
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(version);
    }

    /** The version only: keys end up in log lines through careless string concatenation. */
    @Override
    public String toString() {
        return "PseudonymKey[version=" + version + ", secret=(" + secret.length + " bytes, hidden)]";
    }
}
