package jp.onplanetz.privacy.runtime.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long and how many verified bearer tokens {@link VerifiedTokenCache} remembers. */
@ConfigMapping(prefix = "privacyops.security.verified-tokens")
public interface VerifiedTokensConfig {

    /**
     * The longest a verified token's identity is reused (never past the token's {@code exp}): how long a token
     * outlives its signing key's removal from the issuer's key set. {@code PT0S} turns the cache off.
     */
    @WithDefault("PT60S")
    Duration ttl();

    /** At most this many tokens remembered; the least used go first. */
    @WithDefault("10000")
    long maxSize();
}
