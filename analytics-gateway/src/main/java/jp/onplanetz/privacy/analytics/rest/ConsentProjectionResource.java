package jp.onplanetz.privacy.analytics.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jp.onplanetz.privacy.analytics.ConsentProjection;
import jp.onplanetz.privacy.analytics.service.ConsentProjectionService;
import jp.onplanetz.privacy.runtime.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What the gateway believes about a subject's consents: for privacy officers and operators checking
 * that the gateway follows consent-service. Never open to recipients.
 */
@Path("/api/v1/consent-projection/{subjectId}")
@Tag(name = "consent projection")
public class ConsentProjectionResource {

    public record ProjectionView(UUID consentId, String subjectId, String purpose, String recipient, String state,
            OffsetDateTime grantedAt, OffsetDateTime expiresAt, OffsetDateTime withdrawnAt, String lastEventId) {
        static ProjectionView of(ConsentProjection p) {
            return new ProjectionView(p.consentId, p.subjectId, p.purpose, p.recipient, p.state, p.grantedAt,
                    p.expiresAt, p.withdrawnAt, p.lastEventId);
        }
    }

    private final ConsentProjectionService projection;

    public ConsentProjectionResource(ConsentProjectionService projection) {
        this.projection = projection;
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Operation(summary = "The gateway's projection of one subject's consents")
    public List<ProjectionView> ofSubject(@PathParam("subjectId") String subjectId) {
        return projection.ofSubject(subjectId).stream().map(ProjectionView::of).toList();
    }
}
