package jp.onplanetz.privacy.testinfra.sweep;

import java.net.http.HttpClient;
import java.util.Set;

/**
 * One bad request and what must come back.
 *
 * @param path the request path with its parameters filled in (already encoded)
 * @param contentType the Content-Type header, or {@code null} for none
 * @param body the bytes of the body, or {@code null} for none
 * @param statuses the acceptable answers
 * @param field the field or parameter the answer's {@code invalid-params} must name, or {@code null}
 */
record SweepCase(String what, ApiOperation operation, String path, String contentType, byte[] body,
        HttpClient.Version version, Set<Integer> statuses, String field) {

    static final Set<Integer> BAD_REQUEST = Set.of(400);
    static final Set<Integer> UNSUPPORTED = Set.of(415);
    static final Set<Integer> TOO_LARGE = Set.of(400, 413);
}
