package jp.onplanetz.privacy.disclosurelog.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.disclosurelog.Entrustment;
import jp.onplanetz.privacy.disclosurelog.SupervisionCheck;
import jp.onplanetz.privacy.disclosurelog.SupervisionResult;
import jp.onplanetz.privacy.disclosurelog.service.registers.EntrustmentService;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.security.SubjectAccess;
import jp.onplanetz.privacy.runtime.input.Prose;
import jp.onplanetz.privacy.runtime.web.Created;
import jp.onplanetz.privacy.runtime.web.PageView;
import jp.onplanetz.privacy.runtime.web.Paging;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static jp.onplanetz.privacy.runtime.time.UtcTimes.utc;

/**
 * The entrustment register. The privacy officer keeps it (adds entries and supervision checks); operators
 * read it to answer questions about where data went. Nobody changes or removes an entry: there are no PUT,
 * PATCH or DELETE methods.
 */
@Path("/api/v1/entrustments")
@Tag(name = "entrustment register")
public class EntrustmentResource {

    static final String NOT_BLANK = "(?s).*\\S.*";

    public record RegisterRequest(
            @NotBlank @Size(max = 200) String subcontractorName,
            @NotBlank @Size(max = 500) String subcontractorAddress,
            @Size(max = 200) @Pattern(regexp = NOT_BLANK, message = "must not be blank") String subcontractorRepresentative,
            @NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 200) String> dataItems,
            @NotBlank @Size(max = 2000) @Prose String purpose,
            @NotNull LocalDate confidentialityAgreementDate) {
    }

    public record CheckRequest(
            @NotNull LocalDate checkedOn,
            @NotNull SupervisionResult result,
            @Size(max = 2000) @Prose String note) {
    }

    public record CheckView(UUID id, UUID entrustmentId, LocalDate checkedOn, String result, String note,
            String recordedBy, OffsetDateTime recordedAt) {

        static CheckView of(SupervisionCheck c) {
            return new CheckView(c.id, c.entrustmentId, c.checkedOn, c.result, c.note, c.recordedBy, utc(c.recordedAt));
        }
    }

    /** An entry; {@code checks} only when one entry is read (the list leaves them out). */
    public record EntrustmentView(UUID id, String subcontractorName, String subcontractorAddress,
            String subcontractorRepresentative, List<String> dataItems, String purpose,
            LocalDate confidentialityAgreementDate, OffsetDateTime createdAt, String createdBy,
            List<CheckView> checks) {

        static EntrustmentView of(Entrustment e, List<CheckView> checks) {
            return new EntrustmentView(e.id, e.subcontractorName, e.subcontractorAddress,
                    e.subcontractorRepresentative, e.dataItems, e.purpose, e.confidentialityAgreementDate,
                    utc(e.createdAt), e.createdBy, checks);
        }
    }

    private final EntrustmentService register;
    private final SubjectAccess access;

    public EntrustmentResource(EntrustmentService register, SubjectAccess access) {
        this.register = register;
        this.access = access;
    }

    @POST
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Add an entrustment to a subcontractor to the register")
    @APIResponse(responseCode = "201", description = "The new entry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EntrustmentView.class)))
    public RestResponse<EntrustmentView> add(@Valid @NotNull RegisterRequest request, @Context UriInfo uri) {
        Entrustment e = register.register(new EntrustmentService.Registration(request.subcontractorName(),
                request.subcontractorAddress(), request.subcontractorRepresentative(), request.dataItems(),
                request.purpose(), request.confidentialityAgreementDate()), access.callerId());
        return Created.inCollection(uri, e.id, EntrustmentView.of(e, List.of()));
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Operation(summary = "The register, in the order the entries were made")
    public PageView<EntrustmentView> list(@Valid @BeanParam Paging.UpTo200 paging) {
        EntrustmentService.Listing listing = register.list(paging.page(), paging.size());
        return PageView.of(listing.items().stream().map(e -> EntrustmentView.of(e, null)).toList(), paging,
                listing.total());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Operation(summary = "One entry with the history of its supervision checks")
    public EntrustmentView get(@PathParam("id") UUID id) {
        Entrustment e = register.get(id);
        return EntrustmentView.of(e, register.checksOf(id).stream().map(CheckView::of).toList());
    }

    @POST
    @Path("/{id}/supervision-checks")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Record a supervision check of the subcontractor (APPI Art. 25)")
    @APIResponse(responseCode = "201", description = "The check recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckView.class)))
    public RestResponse<CheckView> recordCheck(@PathParam("id") UUID id, @Valid @NotNull CheckRequest request, @Context UriInfo uri) {
        SupervisionCheck c = register.recordCheck(id, request.checkedOn(), request.result(), request.note(),
                access.callerId());
        return Created.inCollection(uri, c.id, CheckView.of(c));
    }

    @GET
    @Path("/{id}/supervision-checks/{checkId}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Operation(summary = "One supervision check (where a recorded check's Location points)")
    public CheckView check(@PathParam("id") UUID id, @PathParam("checkId") UUID checkId) {
        return CheckView.of(register.check(id, checkId));
    }
}
