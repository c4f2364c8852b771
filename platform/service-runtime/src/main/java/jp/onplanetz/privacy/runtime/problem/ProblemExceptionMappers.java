package jp.onplanetz.privacy.runtime.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.runtime.input.InvalidTextException;
import jp.onplanetz.privacy.runtime.input.TextRules;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Every error of every service leaves as RFC 9457 problem+json. Input errors are 400 and name the
 * offending field; they are raised before any service method runs, so they change nothing.
 */
public class ProblemExceptionMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return e.problem().at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        boolean returnValue = e.getConstraintViolations().stream().anyMatch(v -> kindOf(v) == ElementKind.RETURN_VALUE);
        if (returnValue) {
            return internalError(e, uri);
        }
        List<Problem.InvalidParam> params = e.getConstraintViolations().stream()
                .map(v -> new Problem.InvalidParam(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.InvalidParam::name))
                .toList();
        return Problem.invalid("The request has invalid fields.", params).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String field = JsonPaths.of(e);
        return Problem.invalid("Unknown field '" + field + "'.",
                List.of(new Problem.InvalidParam(field, "unknown field"))).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response refusedText(InvalidTextException e, UriInfo uri) {
        String field = JsonPaths.of(e);
        return Problem.invalid("Field '" + field + "' holds text that is not accepted.",
                List.of(new Problem.InvalidParam(field, e.reason()))).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response wrongType(MismatchedInputException e, UriInfo uri) {
        String field = JsonPaths.of(e);
        if (field.isEmpty() && e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return Problem.invalid("The request body has content after its JSON document.",
                    List.of(new Problem.InvalidParam("body", "content after the JSON document"))).at(uri.getPath())
                    .toResponse();
        }
        String reason = e instanceof InvalidFormatException f
                ? quoted(f.getValue()) + " is not a valid " + simpleType(e.getTargetType())
                : "expected " + simpleType(e.getTargetType());
        if (field.isEmpty()) {
            return Problem.invalid("The request body has the wrong shape: " + reason + ".",
                    List.of(new Problem.InvalidParam("body", reason))).at(uri.getPath()).toResponse();
        }
        return Problem.invalid("Field '" + field + "' has the wrong type or format.",
                List.of(new Problem.InvalidParam(field, reason))).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response malformed(JsonParseException e, UriInfo uri) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return Problem.invalid("The request body is not valid JSON" + where + ".",
                List.of(new Problem.InvalidParam("body", e.getOriginalMessage()))).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response otherJson(JsonMappingException e, UriInfo uri) {
        String field = JsonPaths.of(e);
        return Problem.invalid("The request body could not be read.",
                List.of(new Problem.InvalidParam(field.isEmpty() ? "body" : field, e.getOriginalMessage())))
                .at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response otherJsonProcessing(JsonProcessingException e, UriInfo uri) {
        return Problem.invalid("The request body is not valid JSON.",
                List.of(new Problem.InvalidParam("body", e.getOriginalMessage()))).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.of(Response.Status.FORBIDDEN, "forbidden", "The caller's roles do not allow this.")
                .at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, "unauthorized",
                "A valid bearer token is required.").at(uri.getPath()).toResponse())
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (e.getCause() instanceof JsonProcessingException json) {
            return otherJsonProcessing(json, uri);
        }
        if (status.getStatusCode() >= 500) {
            return internalError(e, uri);
        }
        String slug = status.getReasonPhrase().toLowerCase().replaceAll("[^a-z]+", "-");
        return new Problem(Problem.TYPE_PREFIX + slug, status.getReasonPhrase(), status.getStatusCode(),
                e.getMessage(), uri.getPath(), null).toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Exception e, UriInfo uri) {
        return internalError(e, uri);
    }

    private static Response internalError(Exception e, UriInfo uri) {
        // The caller gets an id to quote, never the exception: it may hold personal data or internals.
        String errorId = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected error %s on %s", errorId, uri.getPath());
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal-error",
                "An unexpected error occurred; quote error id " + errorId + " to the operators.")
                .at(uri.getPath()).toResponse();
    }

    private static ElementKind kindOf(ConstraintViolation<?> v) {
        ElementKind last = null;
        for (Path.Node n : v.getPropertyPath()) {
            last = n.getKind();
            if (last == ElementKind.RETURN_VALUE) {
                return last;
            }
        }
        return last;
    }

    /**
     * The field as the client wrote it: the property path without the Java method and parameter
     * ({@code grant.request.purpose} becomes {@code purpose}); a violated query or path parameter keeps its name.
     */
    static String fieldName(ConstraintViolation<?> v) {
        StringBuilder sb = new StringBuilder();
        String parameter = null;
        for (Path.Node n : v.getPropertyPath()) {
            switch (n.getKind()) {
                case METHOD, CONSTRUCTOR -> {
                }
                case PARAMETER -> parameter = n.getName();
                case CONTAINER_ELEMENT -> {
                    // an element of a list (List<@Size(max = 200) String>): named by its index, not "<list element>"
                    if (n.getIndex() != null) {
                        sb.append('[').append(n.getIndex()).append(']');
                    }
                }
                default -> {
                    if (n.getName() == null) {
                        break;
                    }
                    if (n.getIndex() != null && sb.length() > 0) {
                        sb.append('[').append(n.getIndex()).append(']');
                    }
                    if (sb.length() > 0) {
                        sb.append('.');
                    }
                    sb.append(n.getName());
                }
            }
        }
        return sb.length() > 0 ? sb.toString() : parameter != null ? parameter : "body";
    }

    /** The refused value as the client sent it, when it is short plain text; otherwise only that it was refused. */
    private static String quoted(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 64 && TextRules.refusal(text, false) == null ? "'" + text + "'" : "the value";
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type.isEnum()) {
            Object[] values = type.getEnumConstants();
            return "one of " + java.util.Arrays.toString(values);
        }
        return type.getSimpleName();
    }
}
