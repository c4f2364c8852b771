package jp.onplanetz.privacy.analytics.anonymisation;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pseudonymisation keys, by version: one current key, with which every new pseudonym is made, and the
 * retired keys still needed to find events stored under them. Immutable; rotation makes a new ring.
 *
 * <h2>Rotation</h2>
 * <ol>
 * <li>{@link #rotateTo(PseudonymKey)} a new key with a version never used before. From then on new events get
 * {@code p<new>:} pseudonyms; the old key stays in the ring as retired.</li>
 * <li>While events pseudonymised under a retired key are stored, the key stays: an erasure or access request
 * names a subject by its raw id, and the only way to find that subject's old events is to compute its
 * pseudonym under every key that still has events ({@link Pseudonymiser#pseudonymsUnderEveryKey}).
 * Re-pseudonymising old events works the same way: it needs the raw id (from the consent projection, for
 * example), since an HMAC cannot be turned back; compute the old and the new pseudonym and rewrite the rows.</li>
 * <li>Once no stored event carries the old version (re-pseudonymised or past retention),
 * {@link #withoutKey(int)} drops it. Dropping a key early is itself a kind of erasure: what is left under it can
 * no longer be linked to anybody, by us either.</li>
 * </ol>
 * A statistics window must be counted under one key version: the same person under two versions looks like
 * two people, which breaks the per-person bounds the noise relies on ({@link CellAggregator} refuses such a
 * window). Rotate at a window boundary, or re-pseudonymise the window first.
 * <p>
 * The keys live outside the database (a secret mounted into the pod, later): whoever holds both the events and
 * the key can test a guessed id against a pseudonym.
 */
public final class KeyRing {

    private final PseudonymKey current;
    private final Map<Integer, PseudonymKey> byVersion;

    /**
     * @param current the key for new pseudonyms
     * @param retired keys kept for lookups; no version may appear twice, the current one included
     */
    public KeyRing(PseudonymKey current, Collection<PseudonymKey> retired) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(retired, "retired");
        Map<Integer, PseudonymKey> keys = new TreeMap<>();
        keys.put(current.version(), current);
        for (PseudonymKey key : retired) {
            Objects.requireNonNull(key, "retired key");
            if (keys.putIfAbsent(key.version(), key) != null) {
                throw new IllegalArgumentException("key version " + key.version() + " appears twice in the ring");
            }
        }
        this.current = current;
        this.byVersion = Collections.unmodifiableMap(keys);
    }

    /** A ring with a single key, the current one. */
    public static KeyRing of(PseudonymKey current) {
        return new KeyRing(current, List.of());
    }

    public PseudonymKey current() {
        return current;
    }

    public Optional<PseudonymKey> key(int version) {
        return Optional.ofNullable(byVersion.get(version));
    }

    /** Every key, current and retired, in ascending version order. */
    public Collection<PseudonymKey> keys() {
        return byVersion.values();
    }

    /**
     * A ring in which {@code next} is current and every key of this ring is retired.
     *
     * @throws IllegalArgumentException if {@code next}'s version is already in the ring: a version names one
     *                                  secret for ever, or stored pseudonyms would point at the wrong key
     */
    public KeyRing rotateTo(PseudonymKey next) {
        Objects.requireNonNull(next, "next");
        if (byVersion.containsKey(next.version())) {
            throw new IllegalArgumentException("key version " + next.version() + " is already in the ring");
        }
        return new KeyRing(next, byVersion.values());
    }

    /**
     * A ring without the retired key {@code version}, once no stored event carries it.
     *
     * @throws IllegalArgumentException for the current key, which cannot be dropped, only rotated away from
     */
    public KeyRing withoutKey(int version) {
        if (version == current.version()) {
            throw new IllegalArgumentException("key version " + version + " is current; rotate first");
        }
        if (!byVersion.containsKey(version)) {
            throw new IllegalArgumentException("key version " + version + " is not in the ring");
        }
        return new KeyRing(current, byVersion.values().stream()
                .filter(key -> key.version() != version && key.version() != current.version()).toList());
    }

    @Override
    public String toString() {
        return "KeyRing[current=" + current.version() + ", versions=" + byVersion.keySet() + "]";
    }
}
