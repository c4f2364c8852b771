package jp.onplanetz.privacy.testinfra.sweep;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One write operation of a service's OpenAPI document, with its body schema resolved.
 *
 * @param roles the roles the document says may call it (its security requirement's scopes)
 * @param body the JSON request body's schema, or {@code null} when the operation takes none
 */
record ApiOperation(String method, String path, List<ApiParameter> parameters, List<String> roles, JsonNode body) {

    String name() {
        return method + " " + path;
    }

    /** A path or query parameter and its schema. */
    record ApiParameter(String name, String in, boolean required, JsonNode schema) {
    }
}
