package jp.onplanetz.privacy.runtime.input;

/**
 * The grammar of the identifiers callers give, for {@code @Pattern} on request fields and parameters (so the API
 * document states it too).
 */
public final class Identifiers {

    /**
     * A data subject's opaque id: the {@code sub} of the person's token (a UUID with Keycloak; other issuers use
     * other printable forms, such as {@code auth0|5f7c...} or digits). Printable ASCII without spaces, slashes or
     * quotes, starting with a letter or digit, at most 128 characters: it travels in paths, record keys and CSV cells.
     */
    public static final String SUBJECT_ID = "^[A-Za-z0-9][A-Za-z0-9._:@|+=~-]{0,127}$";

    private Identifiers() {
    }
}
