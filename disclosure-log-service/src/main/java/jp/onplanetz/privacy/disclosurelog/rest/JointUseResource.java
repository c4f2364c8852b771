package jp.onplanetz.privacy.disclosurelog.rest;

import jakarta.annotation.security.PermitAll;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.disclosurelog.JointUse;
import jp.onplanetz.privacy.disclosurelog.service.registers.JointUseService;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.security.SubjectAccess;
import jp.onplanetz.privacy.runtime.input.Prose;
import jp.onplanetz.privacy.runtime.web.Created;
import jp.onplanetz.privacy.runtime.web.Negotiation;
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
 * The joint-use register. The privacy officer publishes notices (a change is a new notice superseding the
 * current one); operators read the register; anyone, without an account, reads the public notice. Nobody changes
 * or removes a notice: there are no PUT, PATCH or DELETE methods.
 */
@Path("/api/v1/joint-uses")
@Tag(name = "joint-use register")
public class JointUseResource {

    private static final String MARKDOWN = JointUseNoticeMarkdown.MEDIA_TYPE + ";charset=UTF-8";
    private static final String PLAIN = MediaType.TEXT_PLAIN + ";charset=UTF-8";
    private static final List<MediaType> OFFERED = List.of(MediaType.valueOf(MARKDOWN), MediaType.valueOf(PLAIN),
            MediaType.APPLICATION_JSON_TYPE);

    public record RegisterRequest(
            @NotBlank @Size(max = 200) String title,
            @NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 200) String> dataItems,
            @NotBlank @Size(max = 2000) @Prose String jointUsersScope,
            @NotBlank @Size(max = 2000) @Prose String purposes,
            @NotBlank @Size(max = 200) String responsibleName,
            @NotBlank @Size(max = 500) String responsibleAddress,
            @Size(max = 200) @Pattern(regexp = EntrustmentResource.NOT_BLANK, message = "must not be blank")
            String responsibleRepresentative,
            @NotNull LocalDate startsOn,
            UUID supersedes) {
    }

    /** An entry of the register; {@code supersededBy} is null while it is current (on the public notice). */
    public record JointUseView(UUID id, String title, List<String> dataItems, String jointUsersScope, String purposes,
            String responsibleName, String responsibleAddress, String responsibleRepresentative, LocalDate startsOn,
            UUID supersedes, UUID supersededBy, OffsetDateTime publishedAt, String createdBy) {

        static JointUseView of(JointUse j, UUID supersededBy) {
            return new JointUseView(j.id, j.title, j.dataItems, j.jointUsersScope, j.purposes, j.responsibleName,
                    j.responsibleAddress, j.responsibleRepresentative, j.startsOn, j.supersedes, supersededBy,
                    utc(j.publishedAt), j.createdBy);
        }
    }

    /**
     * A current arrangement as the public reads it: without who entered it (a staff member's account id is
     * nobody else's business) and with dates in the register's calendar.
     */
    public record NoticeArrangement(UUID id, String title, List<String> dataItems, String jointUsersScope,
            String purposes, String responsibleName, String responsibleAddress, String responsibleRepresentative,
            LocalDate startsOn, boolean started, LocalDate publishedOn) {
    }

    public record NoticeView(LocalDate asOf, String zone, List<NoticeArrangement> arrangements) {

        static NoticeView of(JointUseService.Notice n) {
            return new NoticeView(n.today(), n.zone().getId(), n.arrangements().stream()
                    .map(j -> new NoticeArrangement(j.id, j.title, j.dataItems, j.jointUsersScope, j.purposes,
                            j.responsibleName, j.responsibleAddress, j.responsibleRepresentative, j.startsOn,
                            !j.startsOn.isAfter(n.today()), JointUseNoticeMarkdown.publishedOn(j, n)))
                    .toList());
        }
    }

    private final JointUseService register;
    private final SubjectAccess access;

    public JointUseResource(JointUseService register, SubjectAccess access) {
        this.register = register;
        this.access = access;
    }

    @POST
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Publish a notice of joint use, or a change of one (supersedes: the entry it replaces)")
    @APIResponse(responseCode = "201", description = "The published entry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JointUseView.class)))
    public RestResponse<JointUseView> add(@Valid @NotNull RegisterRequest request, @Context UriInfo uri) {
        JointUse j = register.register(new JointUseService.Registration(request.title(), request.dataItems(),
                request.jointUsersScope(), request.purposes(), request.responsibleName(), request.responsibleAddress(),
                request.responsibleRepresentative(), request.startsOn(), request.supersedes()), access.callerId());
        return Created.inCollection(uri, j.id, JointUseView.of(j, null));
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Operation(summary = "The register, superseded entries included, in the order they were published")
    public PageView<JointUseView> list(@Valid @BeanParam Paging.UpTo200 paging) {
        JointUseService.Listing listing = register.list(paging.page(), paging.size());
        return PageView.of(listing.items().stream()
                .map(j -> JointUseView.of(j, listing.successors().get(j.id))).toList(), paging, listing.total());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Operation(summary = "One entry, and the entry that superseded it if any")
    public JointUseView get(@PathParam("id") UUID id) {
        return JointUseView.of(register.get(id), register.successorOf(id));
    }

    /**
     * Open to all: the law wants the notice readily available to data subjects, who have no account to show.
     * Markdown unless JSON is preferred, so that a browser (which accepts anything at a lower preference than
     * HTML) gets the readable text; the framework alone would pick JSON for {@code *}{@code /*}.
     */
    @GET
    @Path("/notice")
    @PermitAll
    @Produces({MARKDOWN, PLAIN, MediaType.APPLICATION_JSON})
    @Operation(summary = "The public notice of joint use: every current arrangement, as Markdown (also served as "
            + "text/plain) or JSON")
    @APIResponse(responseCode = "200", description = "The notice", content = {@Content(mediaType = MARKDOWN),
            @Content(mediaType = PLAIN), @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NoticeView.class))})
    public Response notice(@Context HttpHeaders headers) {
        MediaType type = Negotiation.choose(headers, OFFERED);
        JointUseService.Notice notice = register.notice();
        Object body = type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                ? NoticeView.of(notice)
                : JointUseNoticeMarkdown.render(notice);
        return Response.ok(body, type).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }
}
