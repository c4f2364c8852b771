package jp.onplanetz.privacy.runtime.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * An RFC 9457 problem details document. Input errors carry {@code invalid-params}: one entry per offending
 * field, named by its JSON path in the request ({@code purpose}, {@code items[2].code}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        @JsonProperty("invalid-params") List<InvalidParam> invalidParams) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:jp.onplanetz.privacy:problem:";

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
        return new Problem(type, title, status, detail, instancePath, invalidParams);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
