package jp.onplanetz.privacy.analytics.anonymisation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** Repeatable randomness for tests: SUN's SHA1PRNG is deterministic when seeded before its first output. */
final class Seeded {

    private Seeded() {
    }

    static SecureRandom random(String seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG", "SUN");
            random.setSeed(seed.getBytes(StandardCharsets.UTF_8));
            return random;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
