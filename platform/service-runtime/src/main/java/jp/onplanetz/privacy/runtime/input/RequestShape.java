package jp.onplanetz.privacy.runtime.input;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jp.onplanetz.privacy.runtime.problem.Problem;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * What every request must look like before a resource sees it, for every endpoint of every service:
 * <ul>
 * <li>a body is JSON: a write sending a body of any other content type, or an announced body without one, is
 * 415 (Quarkus REST's JSON reader would otherwise read a plain-text body as JSON);</li>
 * <li>a write with an empty body, or with neither a body announced nor a content type (HTTP/2 announces no
 * length), is read as JSON, so that the endpoint's own {@code @NotNull} refuses a missing body as a 400 like any
 * other (a 415 would tell the caller the wrong thing);</li>
 * <li>path and query parameters hold text by {@link TextRules} (a NUL in a path reached PostgreSQL as a 500).</li>
 * </ul>
 */
public class RequestShape {

    @ServerRequestFilter(preMatching = true)
    public Response checkContent(ContainerRequestContext request) {
        String method = request.getMethod();
        if (!"POST".equals(method) && !"PUT".equals(method) && !"PATCH".equals(method)) {
            return null;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean empty = length != null && length.trim().equals("0");
        boolean announced = (length != null && !empty) || request.getHeaderString("Transfer-Encoding") != null;
        if (empty || (request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null && !announced)) {
            // No body (or none announced, as over HTTP/2): read as JSON, so a missing body is the endpoint's 400.
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
            return null;
        }
        return isJson(request.getMediaType()) ? null : unsupported(request);
    }

    @ServerRequestFilter
    public Response checkParameters(ContainerRequestContext request) {
        Response refused = checkParameters("path", request.getUriInfo().getPathParameters(), request);
        return refused != null ? refused : checkParameters("query", request.getUriInfo().getQueryParameters(), request);
    }

    private static Response checkParameters(String kind, MultivaluedMap<String, String> parameters,
            ContainerRequestContext request) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                String refusal = TextRules.refusal(value, false);
                if (refusal != null) {
                    return Problem.invalid("The " + kind + " parameter '" + parameter.getKey() + "' is not acceptable.",
                            List.of(new Problem.InvalidParam(parameter.getKey(), refusal)))
                            .at(request.getUriInfo().getPath()).toResponse();
                }
            }
        }
        return null;
    }

    private static Response unsupported(ContainerRequestContext request) {
        return Problem.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "A request body must be application/json.").at(request.getUriInfo().getPath()).toResponse();
    }

    private static boolean isJson(MediaType type) {
        return type != null && "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
    }
}
