package jp.onplanetz.privacy.analytics.anonymisation;

/**
 * The kinds of direct identifier that reach the gateway. Each kind is mixed into its HMAC input, so that a
 * subject id and a cookie id that happen to be the same text get unrelated pseudonyms: otherwise equal
 * pseudonyms across kinds would let anyone join tables we meant to keep apart.
 */
public enum IdentifierKind {
    SUBJECT("subject"),
    COOKIE("cookie"),
    TERMINAL("terminal");

    private final String label;

    IdentifierKind(String label) {
        this.label = label;
    }

    /** The domain-separation label, part of the HMAC input: never change it, or every pseudonym changes. */
    public String label() {
        return label;
    }
}
