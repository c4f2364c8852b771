package jp.onplanetz.privacy.disclosurelog.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.disclosurelog.LegalExceptionUse;
import jp.onplanetz.privacy.disclosurelog.LegalExceptionUse.ReviewState;
import jp.onplanetz.privacy.disclosurelog.service.registers.LegalExceptionReviewService;
import jp.onplanetz.privacy.runtime.input.Prose;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.security.SubjectAccess;
import jp.onplanetz.privacy.runtime.web.Created;
import jp.onplanetz.privacy.runtime.web.PageView;
import jp.onplanetz.privacy.runtime.web.Paging;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.Locale;
import java.util.UUID;

/**
 * The register of uses on an APPI Art. 27(1) ground, and their reviews: privacy officers only. A use is open until an
 * officer records its review (outcome, reasons, and for a use not upheld what was done about it); the review is
 * final.
 */
@Path("/api/v1/legal-exception-uses")
@Tag(name = "legal-exception uses")
@RolesAllowed(Roles.PRIVACY_OFFICER)
public class LegalExceptionUseResource {

    /**
     * {@code outcome}: {@code upheld} (the ground applied; the use stands) or {@code not-upheld} (it did not);
     * {@code remediation}: what was done about a use not upheld, required then and refused otherwise.
     */
    public record ReviewRequest(@NotNull @Size(max = 16) @Pattern(regexp = LegalExceptionReviewService.OUTCOMES) String outcome,
            @Size(min = 1, max = 4000) @Prose String remediation, @NotBlank @Size(max = 4000) @Prose String note) {
    }

    private final LegalExceptionReviewService reviews;
    private final SubjectAccess access;

    public LegalExceptionUseResource(LegalExceptionReviewService reviews, SubjectAccess access) {
        this.reviews = reviews;
        this.access = access;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Uses on an APPI Art. 27(1) ground, newest first, with their reason codes and reviews;"
            + " review=open lists those awaiting review, review=closed those reviewed (privacy officer)")
    public PageView<LegalExceptionUse> list(
            @QueryParam("review") @Pattern(regexp = "open|closed") String review,
            @Valid @BeanParam Paging.UpTo500 paging) {
        ReviewState state = review == null ? ReviewState.ANY : ReviewState.valueOf(review.toUpperCase(Locale.ROOT));
        LegalExceptionReviewService.Listing listing = reviews.page(state, paging.offset(), paging.size());
        return PageView.of(listing.items(), paging, listing.total());
    }

    @GET
    @Path("/{useId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One use on an APPI Art. 27(1) ground, with its review if any (privacy officer)")
    public LegalExceptionUse one(@PathParam("useId") UUID useId) {
        return reviews.get(useId);
    }

    @POST
    @Path("/{useId}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record the review of a use on an APPI Art. 27(1) ground: once; published as"
            + " data-use.legal-exception-reviewed.v1 (privacy officer)")
    @APIResponse(responseCode = "201", description = "The use with its review",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LegalExceptionUse.class)))
    public RestResponse<LegalExceptionUse> review(@PathParam("useId") UUID useId, @Valid @NotNull ReviewRequest request,
            @Context UriInfo uri) {
        LegalExceptionUse reviewed = reviews.review(useId, request.outcome(), request.remediation(), request.note(),
                access.callerId());
        return Created.at(uri.getBaseUriBuilder().path("api/v1/legal-exception-uses").path(useId.toString()).build(),
                reviewed);
    }
}
