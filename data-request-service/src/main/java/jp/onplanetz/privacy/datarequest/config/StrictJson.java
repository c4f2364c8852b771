package jp.onplanetz.privacy.datarequest.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Two leniencies of Jackson that would not end as a 400 naming what is wrong:
 * <ul>
 * <li>a number where an enum is expected is read as the constant's position: {@code "type": 3} would file a
 * deletion request. A request type must be named, so a number is refused as the wrong type (400 naming the
 * field);</li>
 * <li>a field given twice makes the binding of a record fail as a server error (500, empty body). Which of the
 * two values the client meant is unknowable, so the body is refused as malformed (400 naming {@code body}).</li>
 * </ul>
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
