package jp.onplanetz.privacy.consent.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.consent.ConsentRecord;
import jp.onplanetz.privacy.consent.service.ConsentService;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.security.SubjectAccess;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A subject's consents. The subject itself (its token's {@code sub} is the subject id) and operators acting
 * on its behalf may grant and withdraw; privacy officers may read.
 */
@Path("/api/v1/subjects/{subjectId}/consents")
@Tag(name = "consents")
public class ConsentResource {

    static final String CODE = "^[a-z][a-z0-9-]{1,63}$";

    public record GrantRequest(
            @NotNull @Pattern(regexp = CODE) String purpose,
            @Pattern(regexp = CODE) String recipient,
            OffsetDateTime expiresAt,
            @NotNull ConsentService.Method method) {
    }

    public record ConsentView(UUID id, String subjectId, String purpose, String recipient, String method,
            OffsetDateTime grantedAt, OffsetDateTime expiresAt, String grantedBy, String state,
            OffsetDateTime withdrawnAt, String withdrawnBy) {

        static ConsentView of(ConsentRecord c) {
            return new ConsentView(c.id, c.subjectId, c.purpose, c.recipient, c.method, c.grantedAt, c.expiresAt,
                    c.grantedBy, c.isWithdrawn() ? "withdrawn" : "granted", c.withdrawnAt, c.withdrawnBy);
        }
    }

    private final ConsentService consents;
    private final SubjectAccess access;

    public ConsentResource(ConsentService consents, SubjectAccess access) {
        this.consents = consents;
        this.access = access;
    }

    @POST
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR})
    @Operation(summary = "Grant consent to a purpose (for a third-party purpose: to one recipient)")
    public Response grant(@PathParam("subjectId") @Size(min = 1, max = 128) String subjectId,
            @Valid @NotNull GrantRequest request, @Context UriInfo uri) {
        access.requireAccessTo(subjectId);
        ConsentRecord c = consents.grant(subjectId, request.purpose(), request.recipient(), request.expiresAt(),
                request.method(), access.callerId());
        return Response.created(uri.getAbsolutePathBuilder().path(c.id.toString()).build())
                .entity(ConsentView.of(c)).build();
    }

    @GET
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR, Roles.PRIVACY_OFFICER})
    @Operation(summary = "The subject's consents, granted and withdrawn")
    public List<ConsentView> list(@PathParam("subjectId") String subjectId) {
        access.requireAccessTo(subjectId);
        return consents.ofSubject(subjectId).stream().map(ConsentView::of).toList();
    }

    @POST
    @Path("/{consentId}/withdrawal")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR})
    @Operation(summary = "Withdraw a consent: one call, as easy as granting")
    public ConsentView withdraw(@PathParam("subjectId") String subjectId, @PathParam("consentId") UUID consentId) {
        access.requireAccessTo(subjectId);
        return ConsentView.of(consents.withdraw(subjectId, consentId, access.callerId()));
    }
}
