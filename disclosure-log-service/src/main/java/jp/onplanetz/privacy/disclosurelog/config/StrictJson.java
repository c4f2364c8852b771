package jp.onplanetz.privacy.disclosurelog.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.time.LocalDate;

/**
 * Jackson is lenient in two ways that would put wrong facts into the register: it reads a number where an
 * enum is expected as the constant's position ({@code "result": 1} would record "issues found"), and a number
 * where a date is expected as days since 1970. Both are refused as the wrong type (400 naming the field).
 * And a field given twice makes the binding of a record fail as a server error (500, empty body); which value
 * was meant is unknowable, so the body is refused as malformed (400 naming {@code body}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.configOverride(LocalDate.class).setFormat(JsonFormat.Value.forLeniency(false));
    }
}
