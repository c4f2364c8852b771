package jp.onplanetz.privacy.datarequest.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.runtime.input.Identifiers;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.DisclosureFormat;
import jp.onplanetz.privacy.datarequest.Party;
import jp.onplanetz.privacy.datarequest.RefusalGround;
import jp.onplanetz.privacy.datarequest.RequestStatus;
import jp.onplanetz.privacy.datarequest.RequestTask;
import jp.onplanetz.privacy.events.datarequest.RequestType;
import jp.onplanetz.privacy.datarequest.VerificationMethod;
import jp.onplanetz.privacy.datarequest.service.BundleService;
import jp.onplanetz.privacy.datarequest.service.DataRequestService;
import jp.onplanetz.privacy.runtime.csv.CsvTable;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.security.SubjectAccess;
import jp.onplanetz.privacy.runtime.input.Prose;
import jp.onplanetz.privacy.runtime.web.Created;
import jp.onplanetz.privacy.runtime.web.Downloads;
import jp.onplanetz.privacy.runtime.web.PageView;
import jp.onplanetz.privacy.runtime.web.Paging;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static jp.onplanetz.privacy.runtime.time.UtcTimes.utc;

/**
 * Data subjects' requests. A subject files, follows and cancels its own (its token's {@code sub} is its subject id)
 * and alone downloads a disclosure's bundle; an operator files, verifies and cancels on a subject's behalf; a privacy
 * officer decides on refusals. Operators and officers work the queue. A subject never learns whether another
 * subject's request exists: it is "not found".
 */
@Path("/api/v1/requests")
@Tag(name = "data requests")
public class DataRequestResource {

    /**
     * @param subjectId          for a subject, optional and its own; for an operator, whom it files for
     * @param format             disclosures only; json when left out
     * @param purposes           cessation of use and consent withdrawal only: the purposes concerned (left out: all)
     * @param recipients         cessation of provision only: the recipients to stop providing to (left out: all)
     * @param correction         corrections only: field name to its correct value (null: remove the field)
     * @param verificationMethod operators only: how the requester's identity was checked, if it was while filing
     * @param verificationNote   operators only, with the method: what was checked
     */
    public record FileRequest(
            @NotNull RequestType type,
            @Size(min = 1, max = 128) @Pattern(regexp = Identifiers.SUBJECT_ID) String subjectId,
            DisclosureFormat format,
            @Size(max = 2000) @Prose String details,
            @Size(max = 50) List<@NotNull @Size(max = 64) String> purposes,
            @Size(max = 50) List<@NotNull @Size(max = 64) String> recipients,
            Map<String, String> correction,
            VerificationMethod verificationMethod,
            @Size(max = 1000) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Prose String verificationNote) {
    }

    /** An operator's check of the requester's identity. */
    public record IdentityVerification(
            @NotNull VerificationMethod method,
            @NotNull @Size(max = 1000) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Prose String note) {
    }

    /**
     * A privacy officer's decision: {@code refuse} with one of the legal grounds and an explanation the subject will
     * read, or {@code proceed} with a request held on a suggested refusal.
     */
    public record DecisionRequest(
            @NotNull @Pattern(regexp = "^(refuse|proceed)$", message = "must be refuse or proceed") String decision,
            RefusalGround ground,
            @Size(max = 4000) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Prose String explanation) {
    }

    public record VerificationView(OffsetDateTime verifiedAt, String verifiedBy, String method, String note) {
    }

    /** The service's suggestion to refuse, as an officer sees it; null for the subject, and when none was made. */
    public record ReviewView(List<String> reasons, Map<String, Object> figures, OffsetDateTime flaggedAt,
            String decision, OffsetDateTime decidedAt, String decidedBy) {
    }

    /** One system's part: what it answered, in words the subject may read (disclosed data only in the bundle). */
    public record TaskView(String system, OffsetDateTime assignedAt, OffsetDateTime answerBy, String outcome,
            String detail, Integer items, OffsetDateTime answeredAt, boolean overdue) {
    }

    public record RefusalView(String ground, String explanation, OffsetDateTime refusedAt) {
    }

    /** Where a completed disclosure's answer is: for the subject to download, until it is removed. */
    public record BundleView(String format, String href, OffsetDateTime availableUntil) {
    }

    public record DataRequestView(UUID id, String subjectId, String type, String format, String status,
            boolean overdue, String details, List<String> purposes, List<String> recipients,
            Map<String, String> correction, String filedBy, String filedById, OffsetDateTime receivedAt,
            OffsetDateTime dueAt, VerificationView verification, ReviewView review, OffsetDateTime startedAt,
            OffsetDateTime answerBy, List<TaskView> tasks, OffsetDateTime completedAt, RefusalView refusal,
            OffsetDateTime cancelledAt, String cancelledBy, BundleView bundle) {
    }

    private final DataRequestService requests;
    private final BundleService bundles;
    private final SubjectAccess access;
    private final SecurityIdentity identity;

    public DataRequestResource(DataRequestService requests, BundleService bundles, SubjectAccess access,
            SecurityIdentity identity) {
        this.requests = requests;
        this.bundles = bundles;
        this.access = access;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR})
    @Operation(summary = "File a request: a subject for itself (verified by its sign-in), an operator on a subject's"
            + " behalf (verified now or by a later identity check)")
    @APIResponse(responseCode = "201", description = "The request filed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DataRequestView.class)))
    public RestResponse<DataRequestView> file(@Valid @NotNull FileRequest request, @Context UriInfo uri) {
        Party filer = onBehalf() ? Party.OPERATOR : Party.SUBJECT;
        String subjectId = request.subjectId();
        if (filer == Party.SUBJECT) {
            // The subject id is the token's; naming it in the body is allowed, naming another is not.
            if (subjectId != null && !subjectId.equals(access.callerId())) {
                throw ProblemException.forbidden("A data subject may file requests only for itself.");
            }
            subjectId = access.callerId();
        }
        DataRequest r = requests.file(new DataRequestService.Filing(subjectId, request.type(), request.format(),
                request.details(), request.purposes(), request.recipients(), request.correction(), filer,
                access.callerId(), request.verificationMethod(), request.verificationNote()));
        return Created.inCollection(uri, r.id, view(r));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR, Roles.PRIVACY_OFFICER})
    @Operation(summary = "One request with each system's answer: a subject sees only its own (another's is not found)")
    public DataRequestView get(@PathParam("id") UUID id) {
        return view(requests.get(id, access.actsOnlyAsSubject() ? access.callerId() : null));
    }

    @GET
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR, Roles.PRIVACY_OFFICER})
    @Operation(summary = "The queue of requests, earliest due first (overdue, held for review, by status); a subject"
            + " gets only its own")
    public PageView<DataRequestView> list(
            @QueryParam("status") String status,
            @QueryParam("overdue") @DefaultValue("false") @Pattern(regexp = "true|false") String overdue,
            @QueryParam("awaitingReview") @DefaultValue("false") @Pattern(regexp = "true|false") String awaitingReview,
            @Valid @BeanParam Paging.UpTo200 paging) {
        // "status=" as a form sends it for "any" is no filter, not an unknown status.
        RequestStatus wanted = status == null || status.isBlank() ? null : RequestStatus.ofCode(status)
                .orElseThrow(() -> ProblemException.invalidField("status", "unknown status '" + status + "'"));
        String subject = access.actsOnlyAsSubject() ? access.callerId() : null;
        DataRequestService.Listing listing = requests.list(subject, wanted, Boolean.parseBoolean(overdue),
                Boolean.parseBoolean(awaitingReview), paging.page(), paging.size());
        Map<UUID, List<RequestTask>> tasks = requests.tasksOf(listing.items());
        return PageView.of(listing.items().stream().map(r -> view(r, tasks.getOrDefault(r.id, List.of()))).toList(),
                paging, listing.total());
    }

    @POST
    @Path("/{id}/cancellation")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR})
    @Operation(summary = "Cancel an open request: the subject its own, or an operator on its behalf")
    public DataRequestView cancel(@PathParam("id") UUID id) {
        return view(requests.cancel(id, onBehalf() ? Party.OPERATOR : Party.SUBJECT, access.callerId()));
    }

    @POST
    @Path("/{id}/identity-verification")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Record the check of the identity of whoever asked on the subject's behalf (operator); the"
            + " request then goes on")
    public DataRequestView verifyIdentity(@PathParam("id") UUID id, @Valid @NotNull IdentityVerification v) {
        return view(requests.verifyIdentity(id, v.method(), v.note(), access.callerId()));
    }

    @POST
    @Path("/{id}/decision")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Refuse a verified open request on a legal ground with an explanation for the subject, or let"
            + " a request held on a suggested refusal go ahead (privacy officer)")
    public DataRequestView decide(@PathParam("id") UUID id, @Valid @NotNull DecisionRequest d) {
        return view(requests.decide(id, new DataRequestService.Decision(d.decision(), d.ground(), d.explanation()),
                access.callerId()));
    }

    @POST
    @Path("/{id}/reassignment")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Operation(summary = "Give the task again to the systems that have not answered, or failed")
    public DataRequestView reassign(@PathParam("id") UUID id) {
        return view(requests.reassign(id));
    }

    @GET
    @Path("/{id}/bundle")
    @RolesAllowed(Roles.DATA_SUBJECT)
    @Operation(summary = "A completed disclosure's answer from every system, in the format the subject chose; the"
            + " subject alone may download it")
    @APIResponse(responseCode = "200", description = "The bundle: a JSON document (one member per system) or CSV, as filed",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
                    @Content(mediaType = CsvTable.MEDIA_TYPE)})
    public Response bundle(@PathParam("id") UUID id) {
        BundleService.Bundle bundle = bundles.of(id, access.callerId());
        String name = "personal-data-" + bundle.request().id;
        if (DisclosureFormat.CSV.code().equals(bundle.request().format)) {
            return Downloads.csv(BundleCsv.write(bundle.document()), name);
        }
        return Downloads.json(bundle.document(), name);
    }

    /** The request with each system's part, as it stands now. */
    private DataRequestView view(DataRequest r) {
        return view(r, requests.tasksOf(r.id));
    }

    private DataRequestView view(DataRequest r, List<RequestTask> tasks) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        boolean officer = identity.hasRole(Roles.PRIVACY_OFFICER) || identity.hasRole(Roles.OPERATOR);
        VerificationView verification = r.verifiedAt == null ? null
                : new VerificationView(utc(r.verifiedAt), r.verifiedBy, r.verificationMethod, r.verificationNote);
        ReviewView review = !officer || r.reviewReasons == null ? null
                : new ReviewView(r.reviewReasons, r.reviewFigures, utc(r.reviewFlaggedAt), r.reviewDecision,
                        utc(r.reviewedAt), r.reviewedById);
        RefusalView refusal = r.refusedAt == null ? null
                : new RefusalView(r.refusalGround, r.refusalExplanation, utc(r.refusedAt));
        BundleView bundle = r.completedAt == null || !r.type().isDisclosure() ? null
                : new BundleView(r.format, "/api/v1/requests/" + r.id + "/bundle", utc(bundles.expiresAt(r)));
        List<TaskView> taskViews = tasks.stream().map(t -> new TaskView(t.system, utc(t.assignedAt), utc(t.answerBy),
                t.outcome, t.detail, t.affected, utc(t.answeredAt),
                r.status() == RequestStatus.IN_PROGRESS && t.isOverdue(now))).toList();
        return new DataRequestView(r.id, r.subjectId, r.requestType, r.format, r.status, r.isOverdue(now), r.details,
                r.purposeCodes, r.recipientCodes, r.correction, r.filedBy, r.filedById, utc(r.receivedAt), utc(r.dueAt),
                verification, review, utc(r.startedAt), utc(r.answerBy), taskViews, utc(r.completedAt), refusal,
                utc(r.cancelledAt), r.cancelledBy, bundle);
    }

    /**
     * Whether the caller acts for the company. Only operators may file and cancel for others; anyone else
     * allowed on those endpoints is a data subject, acting for itself.
     */
    private boolean onBehalf() {
        return identity.hasRole(Roles.OPERATOR);
    }
}
