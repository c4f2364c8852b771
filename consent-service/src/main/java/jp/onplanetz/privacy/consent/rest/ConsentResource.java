package jp.onplanetz.privacy.consent.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.runtime.input.Identifiers;
import jp.onplanetz.privacy.consent.ConsentHistoryEntry;
import jp.onplanetz.privacy.consent.ConsentRecord;
import jp.onplanetz.privacy.consent.policy.PolicyContent;
import jp.onplanetz.privacy.consent.service.ConsentService;
import jp.onplanetz.privacy.consent.service.ReceiptService;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.security.SubjectAccess;
import jp.onplanetz.privacy.runtime.web.Created;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A subject's consents. The subject itself (its token's {@code sub} is the subject id) and operators acting
 * on its behalf may grant and withdraw; privacy officers may read. Withdrawing is one call, like granting.
 */
@Path("/api/v1/subjects/{subjectId}/consents")
@Tag(name = "consents")
public class ConsentResource {

    /** How the app saw the subject when it consented; defaults to this request's own client. */
    public record Evidence(@Size(max = 512) String userAgent,
            @Size(max = 64) @Pattern(regexp = "^[0-9a-fA-F.:]+$") String ipAddress) {
    }

    public record GrantRequest(
            @NotNull @Pattern(regexp = PolicyContent.CODE) String purpose,
            @Pattern(regexp = PolicyContent.CODE) String recipient,
            OffsetDateTime expiresAt,
            @NotNull ConsentService.Method method,
            @Size(min = 1, max = 64) @Pattern(regexp = "^[A-Za-z0-9._:/-]+$") String channel,
            @Valid Evidence evidence) {
    }

    public record ConsentView(UUID id, String subjectId, String purpose, String recipient, List<String> categories,
            String policyVersion, String method, String channel, OffsetDateTime grantedAt, OffsetDateTime expiresAt,
            String grantedBy, String state, OffsetDateTime withdrawnAt, String withdrawnBy, Map<String, String> evidence) {

        static ConsentView of(ConsentRecord c) {
            Map<String, String> evidence = new java.util.LinkedHashMap<>();
            evidence.put("userAgent", c.userAgent);
            evidence.put("ipPrefix", c.ipPrefix);
            return new ConsentView(c.id, c.subjectId, c.purpose, c.recipient, c.categories, c.policyVersion, c.method,
                    c.channel, c.grantedAt, c.expiresAt, c.grantedBy, c.state, c.withdrawnAt, c.withdrawnBy, evidence);
        }
    }

    public record HistoryView(long seq, String action, String policyVersion, OffsetDateTime occurredAt, String actor) {
        static HistoryView of(ConsentHistoryEntry h) {
            return new HistoryView(h.seq, h.action, h.policyVersion, h.occurredAt, h.actor);
        }
    }

    private final ConsentService consents;
    private final ReceiptService receipts;
    private final SubjectAccess access;

    public ConsentResource(ConsentService consents, ReceiptService receipts, SubjectAccess access) {
        this.consents = consents;
        this.receipts = receipts;
        this.access = access;
    }

    @POST
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR})
    @Operation(summary = "Grant consent to a purpose (for a third-party purpose: to one recipient)."
            + " 201 with the new consent; 200 with the same consent when an identical grant is repeated.")
    @APIResponse(responseCode = "201", description = "The new consent",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentView.class)))
    @APIResponse(responseCode = "200", description = "An identical grant repeated: the consent it made before")
    public RestResponse<ConsentView> grant(@PathParam("subjectId") @Size(min = 1, max = 128) @Pattern(regexp = Identifiers.SUBJECT_ID) String subjectId,
            @Valid @NotNull GrantRequest request, @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
            @Context HttpServerRequest http, @Context UriInfo uri) {
        access.requireAccessTo(subjectId);
        Evidence given = request.evidence();
        String ua = given != null && given.userAgent() != null ? given.userAgent() : userAgent;
        String ip = given != null && given.ipAddress() != null ? given.ipAddress()
                : http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        String prefix;
        try {
            prefix = ip == null ? null : IpPrefix.of(ip);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("evidence.ipAddress", e.getMessage());
        }
        ConsentService.Granted g = consents.grant(subjectId, new ConsentService.Grant(request.purpose(), request.recipient(),
                request.expiresAt(), request.method(), request.channel(),
                ua == null ? null : ua.substring(0, Math.min(ua.length(), 512)), prefix), access.callerId());
        if (!g.created()) {
            return RestResponse.ok(ConsentView.of(g.consent()));
        }
        return Created.inCollection(uri, g.consent().id, ConsentView.of(g.consent()));
    }

    @GET
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR, Roles.PRIVACY_OFFICER})
    @Operation(summary = "The subject's consents, in every state")
    public List<ConsentView> list(@PathParam("subjectId") String subjectId) {
        access.requireAccessTo(subjectId);
        return consents.ofSubject(subjectId).stream().map(ConsentView::of).toList();
    }

    @GET
    @Path("/{consentId}")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR, Roles.PRIVACY_OFFICER})
    @Operation(summary = "One consent")
    public ConsentView one(@PathParam("subjectId") String subjectId, @PathParam("consentId") String consentId) {
        access.requireAccessTo(subjectId);
        return ConsentView.of(consents.ofSubject(subjectId, consentId(consentId)));
    }

    @GET
    @Path("/{consentId}/history")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR, Roles.PRIVACY_OFFICER})
    @Operation(summary = "What happened to one consent, in order (append-only)")
    public List<HistoryView> history(@PathParam("subjectId") String subjectId, @PathParam("consentId") String consentId) {
        access.requireAccessTo(subjectId);
        ConsentRecord c = consents.ofSubject(subjectId, consentId(consentId));
        return consents.history(c.id).stream().map(HistoryView::of).toList();
    }

    @GET
    @Path("/{consentId}/receipt")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR, Roles.PRIVACY_OFFICER})
    @Operation(summary = "The consent receipt (ISO/IEC TS 27560 structure), signed: verify it with GET /api/v1/receipts/keys")
    public ReceiptService.SignedReceipt receipt(@PathParam("subjectId") String subjectId, @PathParam("consentId") String consentId) {
        access.requireAccessTo(subjectId);
        return receipts.receiptFor(consents.ofSubject(subjectId, consentId(consentId)));
    }

    @POST
    @Path("/{consentId}/withdrawal")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.OPERATOR})
    @Operation(summary = "Withdraw a consent: one call, as easy as granting")
    public ConsentView withdraw(@PathParam("subjectId") String subjectId, @PathParam("consentId") String consentId) {
        access.requireAccessTo(subjectId);
        return ConsentView.of(consents.withdraw(subjectId, consentId(consentId), access.callerId()));
    }

    /** A malformed id is the client's error (400 naming the field), not a missing resource. */
    static UUID consentId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("consentId", "not a UUID: '" + raw + "'");
        }
    }
}
