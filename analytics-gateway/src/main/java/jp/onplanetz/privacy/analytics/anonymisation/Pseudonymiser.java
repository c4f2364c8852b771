package jp.onplanetz.privacy.analytics.anonymisation;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a direct identifier into a keyed pseudonym: {@code p<version>:<base64url>} where the base64url part
 * (no padding, 22 characters) is the first {@value #PSEUDONYM_BYTES} bytes of
 * {@code HMAC-SHA-256(key, "privacy-ops pseudonym" 0x00 kind-label 0x00 UTF-8(identifier))}.
 * <ul>
 * <li><b>Keyed</b>, not a plain hash: subject ids, cookie ids and terminal ids come from small or guessable
 * spaces, so an unkeyed hash could be reversed by hashing every candidate.</li>
 * <li><b>The version in the text</b> says which key of the {@link KeyRing} made it, so that stored events stay
 * readable across a rotation and a lookup knows which key to use.</li>
 * <li><b>Domain separation</b>: the kind label goes into the input, behind a fixed context string. Labels never
 * contain 0x00, so the input encodes (kind, identifier) without ambiguity and equal identifiers of different
 * kinds get unrelated pseudonyms.</li>
 * <li><b>128 bits</b> kept of the 256: enough that collisions do not happen in practice (by the birthday bound,
 * about 10<sup>-20</sup> for a billion identifiers under one key), and the secrecy rests on the key, not on the
 * length; half the length keeps the stored events and their indexes smaller.</li>
 * </ul>
 * The identifier is used exactly as given (no trimming or case folding): whether {@code ABC} and {@code abc}
 * are the same terminal is for the sender to say, not for us to guess. Thread-safe.
 */
public final class Pseudonymiser {

    public static final int PSEUDONYM_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] CONTEXT = "privacy-ops pseudonym".getBytes(StandardCharsets.UTF_8);
    private static final Pattern FORMAT = Pattern.compile("p([1-9][0-9]{0,8}):([A-Za-z0-9_-]{22})");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyRing keys;
    /**
     * Each thread's initialised Macs, by key version (a version names one secret in a ring for ever). A Mac is not
     * thread-safe, and getting and keying one for every call cost more than the HMAC itself at the door's rate;
     * {@code doFinal} resets it for the next message under the same key.
     */
    private final ThreadLocal<Map<Integer, Mac>> macs = ThreadLocal.withInitial(HashMap::new);

    public Pseudonymiser(KeyRing keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The pseudonym under the current key: what a new event stores. */
    public String pseudonymise(IdentifierKind kind, String identifier) {
        return pseudonymise(keys.current(), kind, identifier);
    }

    /**
     * The pseudonym under one key of the ring, for looking up or rewriting events stored under it.
     *
     * @throws IllegalArgumentException if the ring has no such version (dropped, or never there)
     */
    public String pseudonymise(int keyVersion, IdentifierKind kind, String identifier) {
        PseudonymKey key = keys.key(keyVersion).orElseThrow(
                () -> new IllegalArgumentException("no pseudonym key with version " + keyVersion));
        return pseudonymise(key, kind, identifier);
    }

    /**
     * The identifier's pseudonym under every key of the ring, by ascending version: for an erasure or access
     * request, which must find the subject's events whichever key they were stored under.
     */
    public Map<Integer, String> pseudonymsUnderEveryKey(IdentifierKind kind, String identifier) {
        Map<Integer, String> result = new LinkedHashMap<>();
        for (PseudonymKey key : keys.keys()) {
            result.put(key.version(), pseudonymise(key, kind, identifier));
        }
        return result;
    }

    /** The key version a pseudonym was made with; empty when the text is not a pseudonym of this format. */
    public static OptionalInt keyVersionOf(String pseudonym) {
        if (pseudonym == null) {
            return OptionalInt.empty();
        }
        Matcher matcher = FORMAT.matcher(pseudonym);
        return matcher.matches() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    private String pseudonymise(PseudonymKey key, IdentifierKind kind, String identifier) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(identifier, "identifier");
        if (identifier.isEmpty()) {
            // every empty id would share one pseudonym, merging unrelated people into one "person"
            throw new IllegalArgumentException("an empty " + kind.label() + " id cannot be pseudonymised");
        }
        byte[] mac = macs.get().computeIfAbsent(key.version(), v -> newMac(key)).doFinal(message(kind, identifier));
        return "p" + key.version() + ":" + BASE64URL.encodeToString(Arrays.copyOf(mac, PSEUDONYM_BYTES));
    }

    private static byte[] message(IdentifierKind kind, String identifier) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CONTEXT);
        out.write(0);
        out.writeBytes(kind.label().getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(utf8(kind, identifier));
        return out.toByteArray();
    }

    /**
     * Strict UTF-8: {@code String.getBytes} would turn a lone surrogate into {@code ?}, giving two different
     * identifiers one pseudonym.
     */
    private static byte[] utf8(IdentifierKind kind, String identifier) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(identifier));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the " + kind.label() + " id is not well-formed Unicode", e);
        }
    }

    private static Mac newMac(PseudonymKey key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            byte[] secret = key.secret();
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            Arrays.fill(secret, (byte) 0);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is required of every Java platform", e);
        }
    }
}
