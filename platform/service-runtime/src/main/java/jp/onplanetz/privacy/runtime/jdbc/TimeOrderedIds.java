package jp.onplanetz.privacy.runtime.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * Ids that are both deterministic and time-ordered: a UUID version 8 laid out like a version 7 (RFC 9562), the
 * 48-bit Unix milliseconds of the thing's time first, then the version, 12 bits, the variant and 62 bits taken from
 * SHA-256 of its name. The same thing (same time, same name) always gets the same id, so a redelivered event maps to
 * the row already stored; and ids of nearby times sort together, so a B-tree on them grows at its right edge
 * instead of touching a random page per insert as random UUIDs do.
 */
public final class TimeOrderedIds {

    private static final long MAX_MILLIS = (1L << 48) - 1;
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private TimeOrderedIds() {
    }

    /**
     * @param at   the thing's time; milliseconds are kept, finer parts do not change the id
     * @param name what names the thing uniquely among things of the same millisecond (an event's CloudEvents id
     *             with a prefix for its kind)
     * @throws IllegalArgumentException for a time before 1970 or after the 48-bit milliseconds (year 10889)
     */
    public static UUID of(Instant at, String name) {
        long millis = at.toEpochMilli();
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new IllegalArgumentException("outside the 48-bit Unix milliseconds of a time-ordered id: " + at);
        }
        byte[] hash = SHA_256.get().digest(name.getBytes(StandardCharsets.UTF_8));
        long a = 0;
        long b = 0;
        for (int i = 0; i < 8; i++) {
            a = (a << 8) | (hash[i] & 0xFF);
            b = (b << 8) | (hash[8 + i] & 0xFF);
        }
        long msb = (millis << 16) | 0x8000L | (a & 0x0FFFL);
        long lsb = 0x8000_0000_0000_0000L | (b & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(msb, lsb);
    }
}
