package jp.onplanetz.privacy.runtime.testapp;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jp.onplanetz.privacy.runtime.input.Prose;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.security.SubjectAccess;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Map;
import java.util.UUID;

@Path("/test/ledger")
public class LedgerResource {

    public enum Kind { CREDIT, DEBIT }

    public record EntryRequest(@NotBlank String subject, @NotNull @Min(1) @Max(1000) Integer amount, Kind kind,
            @Prose String note, Boolean urgent) {
    }

    private final LedgerService ledger;
    private final SubjectAccess access;

    public LedgerResource(LedgerService ledger, SubjectAccess access) {
        this.ledger = ledger;
        this.access = access;
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.DATA_SUBJECT})
    @APIResponse(responseCode = "201", description = "The entry recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Map.class)))
    public Response add(@Valid @NotNull EntryRequest request) {
        access.requireAccessTo(request.subject());
        UUID id = ledger.record(request.subject(), 0, request.amount());
        return Response.status(201).entity(Map.of("id", id)).build();
    }

    @GET
    @Path("/{subject}")
    @RolesAllowed({Roles.OPERATOR, Roles.DATA_SUBJECT})
    public Map<String, String> get(@PathParam("subject") String subject) {
        access.requireAccessTo(subject);
        if (subject.equals("nobody")) {
            throw ProblemException.notFound("subject " + subject);
        }
        return Map.of("subject", subject);
    }
}
