package jp.onplanetz.privacy.analytics.service;

/**
 * The shapes of a usage event's codes and identifiers, read by hand: the door checks them for every event, where a
 * regular expression's matcher would cost more than the whole rest of the check. The usage event's schema states the
 * same two patterns; the tests hold each method to the expression it stands for.
 */
public final class UsageEventSyntax {

    private UsageEventSyntax() {
    }

    /** {@code [a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*}: a lower-case dotted code such as {@code page-view}. */
    public static boolean isDottedCode(String s) {
        boolean segmentStart = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (segmentStart) {
                if (c < 'a' || c > 'z') {
                    return false;
                }
                segmentStart = false;
            } else if (c == '.') {
                segmentStart = true;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return !segmentStart;
    }

    /**
     * {@code (/[A-Za-z0-9._~%-]*)+|[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*}: a path without query or fragment (queries
     * carry ids and tokens), or a feature code.
     */
    public static boolean isPage(String s) {
        if (s.isEmpty() || s.charAt(0) != '/') {
            return isDottedCode(s);
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '.'
                    || c == '_' || c == '~' || c == '%' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a text holds a control character or a surrogate without its pair (text UTF-8 cannot encode: a
     * pseudonym of it could only fail).
     */
    public static boolean hasControlOrLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isLowSurrogate(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }
}
