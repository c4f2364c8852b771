package jp.onplanetz.privacy.runtime.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.ConstructorDetector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jp.onplanetz.privacy.runtime.input.TimeAsText;
import jakarta.inject.Singleton;

/**
 * One strict reading of JSON for every service, requests and events alike. Jackson's leniencies would put
 * wrong facts into a register or fail later as a server error; each is refused as a 400 naming the field:
 * <ul>
 * <li>anything after the document ({@code {...} xyz}): the client did not send what it meant;</li>
 * <li>a field given twice: which value the client meant is unknowable;</li>
 * <li>a value of another JSON type, never coerced: a number where text is expected ({@code "subjectId": 12345}),
 * text where a number or a boolean is expected ({@code "true"}), a number where an enum is expected (it would
 * be read as the constant's position: {@code "type": 3} would file a deletion request), a number where a date
 * or a time is expected (read as days or seconds since 1970: see {@link TimeAsText}), a fraction where an
 * integer is expected, an empty string where an object or a list is expected, a null where a number or a
 * boolean is expected (read as 0 or false);</li>
 * <li>a JSON string where an object is expected: a record with one text component would otherwise be built
 * from the string alone (a policy version's summary would be the whole body).</li>
 * </ul>
 * Unknown fields are refused by configuration ({@code quarkus.jackson.fail-on-unknown-properties}). What text
 * may hold is the request reader's concern ({@link jp.onplanetz.privacy.runtime.input.RequestJson}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.setDefaultLeniency(false);
        mapper.setConstructorDetector(ConstructorDetector.USE_PROPERTIES_BASED);
        mapper.registerModule(new SimpleModule("time-as-text").setDeserializerModifier(new TimeAsText()));
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType structured : new LogicalType[] {LogicalType.POJO, LogicalType.Collection, LogicalType.Map,
                LogicalType.Array}) {
            mapper.coercionConfigFor(structured)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
    }
}
