package jp.onplanetz.privacy.datarequest.service;

import jp.onplanetz.privacy.events.datarequest.RequestType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two requests of one subject "the same request": the same type, scope (purposes, recipients), format,
 * correction and details. Order does not count (purposes named in another order ask the same), nor does the way
 * text is typed: details are compared after NFKC (full-width and half-width forms alike, as Japanese input
 * produces both), case folding and collapsed white space, so that re-typing a request does not make it new.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {
    }

    public static String of(RequestType type, String format, List<String> purposes, List<String> recipients,
            Map<String, String> correction, String details) {
        StringBuilder canonical = new StringBuilder();
        field(canonical, "type", type.code());
        field(canonical, "format", format == null ? "" : format);
        field(canonical, "purposes", list(purposes));
        field(canonical, "recipients", list(recipients));
        StringBuilder corrections = new StringBuilder();
        if (correction != null) {
            new TreeMap<>(correction).forEach((k, v) -> field(corrections, normalised(k), v == null ? "\u0000" : normalised(v)));
        }
        field(canonical, "correction", corrections.toString());
        field(canonical, "details", details == null ? "" : normalised(details));
        return HexFormat.of().formatHex(sha256(canonical.toString()));
    }

    /** Sorted, each code length-prefixed; "*" for all (left out), which no list of codes can spell. */
    private static String list(List<String> codes) {
        if (codes == null) {
            return "*";
        }
        StringBuilder out = new StringBuilder();
        codes.stream().sorted().forEach(c -> out.append(c.length()).append(':').append(c).append(';'));
        return out.toString();
    }

    /** NFKC, lower case, white space collapsed and trimmed. */
    static String normalised(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
    }

    /** Length-prefixed, so that no value can be made to look like a field boundary. */
    private static void field(StringBuilder out, String name, String value) {
        out.append(name.length()).append(':').append(name).append('=').append(value.length()).append(':').append(value)
                .append('\n');
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
