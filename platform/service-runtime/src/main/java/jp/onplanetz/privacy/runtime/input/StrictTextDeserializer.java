package jp.onplanetz.privacy.runtime.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

import java.io.IOException;

/**
 * Reads every JSON string of a request: only a JSON string is text (a number or a boolean where text is expected
 * is refused, never turned into its digits), and the text must pass {@link TextRules}; a field marked
 * {@link Prose} may hold line breaks and tabs.
 */
public class StrictTextDeserializer extends StdScalarDeserializer<String> implements ContextualDeserializer {

    private final boolean prose;

    public StrictTextDeserializer() {
        this(false);
    }

    private StrictTextDeserializer(boolean prose) {
        super(String.class);
        this.prose = prose;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
        boolean isProse = property != null && property.getAnnotation(Prose.class) != null;
        return isProse == prose ? this : new StrictTextDeserializer(isProse);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.hasToken(JsonToken.VALUE_STRING)) {
            return (String) ctxt.handleUnexpectedToken(String.class, p);
        }
        String text = p.getText();
        String refusal = TextRules.refusal(text, prose);
        if (refusal != null) {
            throw new InvalidTextException(p, refusal);
        }
        return text;
    }
}
