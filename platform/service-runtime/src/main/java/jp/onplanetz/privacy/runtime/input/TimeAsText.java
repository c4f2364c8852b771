package jp.onplanetz.privacy.runtime.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;

import java.io.IOException;
import java.time.temporal.Temporal;
import java.util.regex.Pattern;

/**
 * Dates and times are read only from their ISO 8601 text. Jackson's java.time readers take a number (or text of
 * digits) as seconds or days since 1970 whatever the leniency, so {@code "expiresAt": 12345} would be a consent
 * that expired in 1970: refused as the wrong type instead.
 */
public class TimeAsText extends BeanDeserializerModifier {

    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d*)?");

    @Override
    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
            JsonDeserializer<?> deserializer) {
        return Temporal.class.isAssignableFrom(description.getBeanClass()) ? new TextOnly(deserializer) : deserializer;
    }

    private static final class TextOnly extends DelegatingDeserializer {

        TextOnly(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new TextOnly(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return ctxt.handleUnexpectedToken(handledType(), p);
            }
            if (NUMBER.matcher(p.getText().trim()).matches()) {
                return ctxt.handleWeirdStringValue(handledType(), p.getText(), "a date or time is ISO 8601 text");
            }
            return super.deserialize(p, ctxt);
        }
    }
}
