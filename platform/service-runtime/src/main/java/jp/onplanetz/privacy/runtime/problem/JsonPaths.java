package jp.onplanetz.privacy.runtime.problem;

import com.fasterxml.jackson.databind.JsonMappingException;

/** The JSON path of the field a Jackson error is about, as the client wrote it: {@code items[2].code}. */
final class JsonPaths {
    private JsonPaths() {
    }

    static String of(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
