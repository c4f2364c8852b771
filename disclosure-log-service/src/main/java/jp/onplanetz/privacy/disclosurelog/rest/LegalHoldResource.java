package jp.onplanetz.privacy.disclosurelog.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.runtime.input.Identifiers;
import jp.onplanetz.privacy.disclosurelog.LegalHold;
import jp.onplanetz.privacy.disclosurelog.service.registers.LegalHoldService;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.security.SubjectAccess;
import jp.onplanetz.privacy.runtime.input.Prose;
import jp.onplanetz.privacy.runtime.web.Created;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.UUID;

/**
 * Legal holds over records. A privacy officer places and releases them (a release is recorded beside the hold,
 * which stays); operators read them.
 */
@Path("/api/v1/legal-holds")
@Tag(name = "legal holds")
public class LegalHoldResource {

    public record PlaceRequest(@Size(min = 1, max = 128) @Pattern(regexp = Identifiers.SUBJECT_ID) String subjectId, UUID recordId,
            @NotBlank @Size(max = 2000) @Prose String reason) {
    }

    public record ReleaseRequest(@NotBlank @Size(max = 2000) @Prose String reason) {
    }

    private final LegalHoldService holds;
    private final SubjectAccess access;

    public LegalHoldResource(LegalHoldService holds, SubjectAccess access) {
        this.holds = holds;
        this.access = access;
    }

    @POST
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Place a legal hold over one record or every record of a subject: retention will not remove them")
    @APIResponse(responseCode = "201", description = "The hold placed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LegalHold.class)))
    public RestResponse<LegalHold> place(@Valid @NotNull PlaceRequest request, @Context UriInfo uri) {
        LegalHold hold = holds.place(request.subjectId(), request.recordId(), request.reason(), access.callerId());
        return Created.inCollection(uri, hold.id(), hold);
    }

    @POST
    @Path("/{id}/release")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Release a legal hold (recorded with its reason; the hold stays on file)")
    public LegalHold release(@PathParam("id") UUID id, @Valid @NotNull ReleaseRequest request) {
        return holds.release(id, request.reason(), access.callerId());
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Operation(summary = "Every legal hold, newest first, with its release if any")
    public List<LegalHold> all() {
        return holds.all();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Operation(summary = "One legal hold")
    public LegalHold one(@PathParam("id") UUID id) {
        return holds.get(id);
    }
}
