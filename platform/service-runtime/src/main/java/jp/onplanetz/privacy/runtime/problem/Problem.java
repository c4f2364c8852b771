package jp.onplanetz.privacy.runtime.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem details document. Input errors carry {@code invalid-params}: one entry per offending
 * field, named by its JSON path in the request ({@code purpose}, {@code items[2].code}). A problem type may
 * add its own members (RFC 9457 section 3.2), e.g. a denied use's {@code reason}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        @JsonProperty("invalid-params") List<InvalidParam> invalidParams,
        @JsonIgnore Map<String, Object> extensions) {

    public Problem(String type, String title, int status, String detail, String instance, List<InvalidParam> invalidParams) {
        this(type, title, status, detail, instance, invalidParams, Map.of());
    }

    /** This problem with one more extension member (a null value is left out). */
    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        if (value != null) {
            more.put(member, value);
        }
        return new Problem(type, title, status, detail, instance, invalidParams, java.util.Collections.unmodifiableMap(more));
    }

    @JsonAnyGetter
    Map<String, Object> members() {
        return extensions;
    }

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "https://privacy.onplanetz.jp/problems/";

    /** One offending field and why it was refused. */
    public record InvalidParam(String name, String reason) {
    }

    public static Problem of(Response.Status status, String slug, String detail) {
        return new Problem(TYPE_PREFIX + slug, status.getReasonPhrase(), status.getStatusCode(), detail, null, null);
    }

    public static Problem invalid(String detail, List<InvalidParam> params) {
        return new Problem(TYPE_PREFIX + "invalid-request", "Bad Request", 400, detail, null, params);
    }

    public Problem at(String instancePath) {
        return new Problem(type, title, status, detail, instancePath, invalidParams, extensions);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
