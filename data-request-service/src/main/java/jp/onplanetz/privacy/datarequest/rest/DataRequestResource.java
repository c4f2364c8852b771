package jp.onplanetz.privacy.datarequest.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.DisclosureFormat;
import jp.onplanetz.privacy.datarequest.Party;
import jp.onplanetz.privacy.datarequest.RequestStatus;
import jp.onplanetz.privacy.datarequest.RequestType;
import jp.onplanetz.privacy.datarequest.service.DataRequestService;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.security.SubjectAccess;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Data subjects' requests. A subject files, follows and cancels its own (its token's {@code sub} is its
 * subject id); an operator files and cancels on a subject's behalf; privacy officers and operators work the
 * queue. A subject never learns whether another subject's request exists: it is "not found".
 */
@Path("/api/v1/requests")
@Tag(name = "data requests")
public class DataRequestResource {

    /**
     * @param subjectId        for a subject, optional and its own; for an operator, whom it files for
     * @param format           disclosures only; json when left out
     * @param purposes         cessation of use only: the purposes to stop (left out: all)
     * @param recipients       cessation of provision only: the recipients to stop providing to (left out: all)
     * @param verificationNote operators only, and required: how the subject's identity was verified
     */
    public record FileRequest(
            @NotNull RequestType type,
            @Size(min = 1, max = 128) @Pattern(regexp = "\\S+") String subjectId,
            DisclosureFormat format,
            @Size(max = 2000) String details,
            @Size(max = 50) List<String> purposes,
            @Size(max = 50) List<String> recipients,
            @Size(max = 1000) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String verificationNote) {
    }

    public record DataRequestView(UUID id, String subjectId, String type, String format, String status,
            boolean overdue, String details, List<String> purposes, List<String> recipients, String filedBy,
            String filedById, String verificationNote, OffsetDateTime receivedAt, OffsetDateTime dueAt,
            OffsetDateTime cancelledAt, String cancelledBy) {

        static DataRequestView of(DataRequest r) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            return new DataRequestView(r.id, r.subjectId, r.requestType, r.format, r.status, r.isOverdue(now),
                    r.details, r.purposeCodes, r.recipientCodes, r.filedBy, r.filedById, r.verificationNote,
                    utc(r.receivedAt), utc(r.dueAt), utc(r.cancelledAt), r.cancelledBy);
        }

        /** The same instant however the driver handed it back, so that every response reads alike. */
        private static OffsetDateTime utc(OffsetDateTime t) {
            return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
        }
    }

    public record PageView<T>(List<T> items, int page, int size, long total) {
    }

    private final DataRequestService requests;
    private final SubjectAccess access;
    private final SecurityIdentity identity;

    public DataRequestResource(DataRequestService requests, SubjectAccess access, SecurityIdentity identity) {
        this.requests = requests;
        this.access = access;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR})
    @Operation(summary = "File a request: a subject for itself, an operator on a subject's behalf")
    public Response file(@Valid @NotNull FileRequest request, @Context UriInfo uri) {
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
                request.details(), request.purposes(), request.recipients(), filer, access.callerId(),
                request.verificationNote()));
        return Response.created(uri.getAbsolutePathBuilder().path(r.id.toString()).build())
                .entity(DataRequestView.of(r)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR, Roles.PRIVACY_OFFICER})
    @Operation(summary = "One request: a subject sees only its own (another's is not found)")
    public DataRequestView get(@PathParam("id") UUID id) {
        return DataRequestView.of(requests.get(id, access.actsOnlyAsSubject() ? access.callerId() : null));
    }

    @GET
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR, Roles.PRIVACY_OFFICER})
    @Operation(summary = "The queue of requests, earliest due first; a subject gets only its own")
    public PageView<DataRequestView> list(
            @QueryParam("status") String status,
            @QueryParam("overdue") @DefaultValue("false") @Pattern(regexp = "true|false") String overdue,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        // "status=" as a form sends it for "any" is no filter, not an unknown status.
        RequestStatus wanted = status == null || status.isBlank() ? null : RequestStatus.ofCode(status)
                .orElseThrow(() -> ProblemException.invalidField("status", "unknown status '" + status + "'"));
        String subject = access.actsOnlyAsSubject() ? access.callerId() : null;
        DataRequestService.Listing listing = requests.list(subject, wanted, Boolean.parseBoolean(overdue), page, size);
        return new PageView<>(listing.items().stream().map(DataRequestView::of).toList(), page, size, listing.total());
    }

    @POST
    @Path("/{id}/cancellation")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR})
    @Operation(summary = "Cancel an open request: the subject its own, or an operator on its behalf")
    public DataRequestView cancel(@PathParam("id") UUID id) {
        return DataRequestView.of(requests.cancel(id, onBehalf() ? Party.OPERATOR : Party.SUBJECT, access.callerId()));
    }

    /**
     * Whether the caller acts for the company. Only operators may file and cancel for others; anyone else
     * allowed on those endpoints is a data subject, acting for itself.
     */
    private boolean onBehalf() {
        return identity.hasRole(Roles.OPERATOR);
    }
}
