package jp.onplanetz.privacy.runtime.input;

/**
 * What a text value taken from a caller may hold. Records, registers and regulators' exports show these values
 * to people and to PostgreSQL as they were given, so characters that change how text displays or that the
 * database refuses are refused at the door:
 * <ul>
 * <li>NUL (PostgreSQL cannot store it in text), the other C0 controls, DEL and the C1 controls: invisible, and
 * some terminals and spreadsheets act on them. Prose (a field marked {@link Prose}) may hold tab, line feed and
 * carriage return;</li>
 * <li>the Unicode bidirectional controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069): they
 * reorder what a reader sees, so a stored name could display as another (CVE-2021-42574, "Trojan Source");</li>
 * <li>unpaired surrogates and the noncharacters U+FFFE and U+FFFF: not text, and UTF-8 cannot carry the first.</li>
 * </ul>
 * Every text is also bounded by {@link #MAX_LENGTH}, whatever its own declared limit, so that no field can hold
 * an unbounded value even where its declaration forgot a {@code @Size}.
 */
public final class TextRules {

    /** The longest text any field of any request may hold, in UTF-16 units (the longest declared field is 4,000). */
    public static final int MAX_LENGTH = 10_000;

    private TextRules() {
    }

    /**
     * Why {@code value} is refused, or {@code null} when it is acceptable.
     *
     * @param prose whether tab, line feed and carriage return are allowed
     */
    public static String refusal(String value, boolean prose) {
        if (value.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            String what = refusedCharacter(c, prose);
            if (what != null) {
                return "contains " + what + " (" + codePoint(c) + ") at position " + i;
            }
        }
        return null;
    }

    private static String refusedCharacter(char c, boolean prose) {
        if (c < 0x20) {
            return prose && (c == '\t' || c == '\n' || c == '\r') ? null : "a control character";
        }
        if (c >= 0x7f && c <= 0x9f) {
            return "a control character";
        }
        if (c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
            return "a bidirectional control character";
        }
        if (Character.isSurrogate(c)) {
            return "an unpaired surrogate";
        }
        if (c == 0xfffe || c == 0xffff) {
            return "a noncharacter";
        }
        return null;
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
