package jp.onplanetz.privacy.runtime.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** A JSON string that {@link TextRules} refuses; its path names the field. */
public class InvalidTextException extends MismatchedInputException {

    private final String reason;

    InvalidTextException(JsonParser parser, String reason) {
        super(parser, "text " + reason, String.class);
        this.reason = reason;
    }

    /** Why the text was refused, without the text itself (it may be long, or hold what a log must not show). */
    public String reason() {
        return reason;
    }
}
