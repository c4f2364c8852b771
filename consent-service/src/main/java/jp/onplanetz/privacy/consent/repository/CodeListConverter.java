package jp.onplanetz.privacy.consent.repository;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Arrays;
import java.util.List;

/** A list of codes stored as one comma-separated column (codes never contain commas). */
@Converter
public class CodeListConverter implements AttributeConverter<List<String>, String> {
    @Override
    public String convertToDatabaseColumn(List<String> codes) {
        return String.join(",", codes);
    }

    @Override
    public List<String> convertToEntityAttribute(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split(","));
    }
}
