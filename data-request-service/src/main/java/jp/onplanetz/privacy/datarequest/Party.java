package jp.onplanetz.privacy.datarequest;

/**
 * Who acted on a request: the subject itself (its own token verifies who it is) or an operator on its
 * behalf (who records how the subject's identity was verified). The codes are those of the event schemas'
 * {@code filedBy} and {@code cancelledBy}.
 */
public enum Party {
    SUBJECT, OPERATOR;

    public String code() {
        return name().toLowerCase();
    }
}
