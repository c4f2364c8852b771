package jp.onplanetz.privacy.runtime.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import jp.onplanetz.privacy.runtime.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.List;
import java.util.Map;

/**
 * Documents what every operation of every service answers the same way, so that a resource method carries only what
 * is its own (a 201, a 404, a 409): the shared {@code Problem} schema (RFC 9457, as {@link Problem} writes it), and
 * problem+json error answers on every operation: 400 where it takes a body or parameters, 401 and 403 where it wants
 * a token, 413 and 415 where it reads a body, 500 everywhere. Any other error answer a method declares gets the same
 * problem+json content. A success body in a non-JSON media type (CSV, Markdown, plain text) is a string.
 *
 * <p>Run at build time, so the document written to {@code target/openapi} (from which clients are generated) is the
 * one served at {@code /q/openapi}.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    public static final String SCHEMA_NAME = "Problem";
    public static final String SCHEMA_REF = "#/components/schemas/" + SCHEMA_NAME;

    private static final Map<String, String> STANDARD = Map.of(
            "400", "Bad request: a field, parameter or body refused (invalid-params names each offending field)",
            "401", "No valid bearer token",
            "403", "The token's roles or subject do not allow this",
            "413", "The request body is too large",
            "415", "The request body is not application/json",
            "500", "An unexpected error (nothing was changed)");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSchema(SCHEMA_NAME, problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            if (item.getOperations() == null) {
                continue;
            }
            for (Operation operation : item.getOperations().values()) {
                document(operation, item);
            }
        }
    }

    private static void document(Operation operation, PathItem item) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean body = operation.getRequestBody() != null;
        boolean parameters = notEmpty(operation.getParameters()) || notEmpty(item.getParameters());
        // Quarkus marks every operation under @RolesAllowed with the security scheme and a 401 (and a 403)
        boolean token = notEmpty(operation.getSecurity()) || responses.hasAPIResponse("401");
        if (body || parameters) {
            standard(responses, "400");
        }
        if (token) {
            standard(responses, "401");
            standard(responses, "403");
        }
        if (body) {
            standard(responses, "413");
            standard(responses, "415");
        }
        standard(responses, "500");
        for (Map.Entry<String, APIResponse> e : responses.getAPIResponses().entrySet()) {
            if (e.getKey().startsWith("4") || e.getKey().startsWith("5")) {
                e.getValue().setContent(problemContent());
            } else if (e.getKey().startsWith("2")) {
                textAsString(e.getValue());
            }
        }
    }

    private static void standard(APIResponses responses, String code) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(STANDARD.get(code)));
        } else if (responses.getAPIResponse(code).getDescription() == null
                || responses.getAPIResponse(code).getDescription().isBlank()) {
            responses.getAPIResponse(code).setDescription(STANDARD.get(code));
        }
    }

    /** A CSV, Markdown or plain-text body is text: its schema is a string, whatever Java type carried it. */
    private static void textAsString(APIResponse response) {
        Content content = response.getContent();
        if (content == null || content.getMediaTypes() == null) {
            return;
        }
        for (Map.Entry<String, MediaType> e : content.getMediaTypes().entrySet()) {
            if (!isJson(e.getKey())) {
                e.getValue().setSchema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
            }
        }
    }

    private static boolean isJson(String mediaType) {
        String type = mediaType.toLowerCase(java.util.Locale.ROOT);
        int parameters = type.indexOf(';');
        type = (parameters < 0 ? type : type.substring(0, parameters)).trim();
        return type.equals("application/json") || type.endsWith("+json");
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA_REF)));
    }

    /** {@link Problem} as Jackson writes it: absent members are left out; a problem type may add its own members. */
    static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema invalidParam = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("One offending field, named by its JSON path in the request (e.g. items[2].code)")
                .addProperty("name", string)
                .addProperty("reason", string)
                .required(List.of("name", "reason"))
                .additionalPropertiesSchema(OASFactory.createSchema().booleanSchema(false));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details. A problem type may add members of its own (RFC 9457 section 3.2),"
                        + " e.g. a denied use's decision and reason.")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri-reference")
                        .description("The problem type's URI"))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("The HTTP status's reason phrase"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .description("The HTTP status code"))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("What went wrong, for a person"))
                .addProperty("instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("The request path"))
                .addProperty("invalid-params", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(invalidParam)
                        .description("Input errors: one entry per offending field"))
                .required(List.of("type", "title", "status"))
                .additionalPropertiesSchema(OASFactory.createSchema().booleanSchema(true));
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }
}
