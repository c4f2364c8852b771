package jp.onplanetz.privacy.disclosurelog.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jp.onplanetz.privacy.disclosurelog.SubjectRequestMark;
import jp.onplanetz.privacy.disclosurelog.service.requests.SubjectRequestMarkService;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.web.PageView;
import jp.onplanetz.privacy.runtime.web.Paging;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Subjects marked as subject to a request to delete their data or to stop its use or provision: their records are
 * kept for the law's retention period and used for nothing else, and every record view shows the marks. Made
 * from data-request-service's tasks only; read by officers and operators; nobody changes or removes one (no
 * write endpoint; the database refuses UPDATE, DELETE and TRUNCATE).
 */
@Path("/api/v1/subject-request-marks")
@Tag(name = "subject request marks")
public class SubjectRequestMarkResource {

    /** A mark; {@code eventId} is the CloudEvent id of the task that made it. */
    public record MarkView(UUID id, String subjectId, UUID requestId, String requestType, List<String> purposes,
            List<String> recipients, Instant markedAt, String eventId) {
        static MarkView of(SubjectRequestMark m) {
            return new MarkView(m.id(), m.subjectId(), m.requestId(), m.requestType(), m.purposes(), m.recipients(),
                    m.markedAt(), m.eventId());
        }
    }

    private final SubjectRequestMarkService marks;

    public SubjectRequestMarkResource(SubjectRequestMarkService marks) {
        this.marks = marks;
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subjects marked as subject to a request to delete or to stop, newest first; of one subject"
            + " with `subject` (officers and operators)")
    public PageView<MarkView> list(@QueryParam("subject") @Size(max = 128) String subject,
            @Valid @BeanParam Paging.UpTo500 paging) {
        SubjectRequestMarkService.Listing listing = marks.list(
                subject == null || subject.isBlank() ? null : subject, paging.page(), paging.size());
        return PageView.of(listing.items().stream().map(MarkView::of).toList(), paging, listing.total());
    }
}
