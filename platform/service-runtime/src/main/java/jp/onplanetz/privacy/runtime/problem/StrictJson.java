package jp.onplanetz.privacy.runtime.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Jackson's leniencies that would put wrong facts into a register or not end as a 400 naming what is wrong:
 * <ul>
 * <li>a number where an enum is expected is read as the constant's position ({@code "type": 3} would file a
 * deletion request): refused as the wrong type;</li>
 * <li>a number where a date is expected is read as days (or seconds) since 1970: refused as the wrong type
 * (no default leniency);</li>
 * <li>a field given twice makes the binding of a record fail as a server error; which value the client meant
 * is unknowable, so the body is refused as malformed (400 naming {@code body}).</li>
 * </ul>
 * Unknown fields are refused by configuration ({@code quarkus.jackson.fail-on-unknown-properties}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.setDefaultLeniency(false);
    }
}
