package jp.onplanetz.privacy.consent.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.consent.PolicyVersion;
import jp.onplanetz.privacy.consent.policy.PolicyChange;
import jp.onplanetz.privacy.consent.policy.PolicyContent;
import jp.onplanetz.privacy.consent.policy.PolicyDiff;
import jp.onplanetz.privacy.consent.service.PolicyService;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
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

import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The privacy policy as data. Published versions are public (anyone may read them and recompute their
 * hash); the draft is the privacy officers' to edit and publish.
 */
@Path("/api/v1/policy")
@Tag(name = "policy")
public class PolicyResource {

    static final String CATEGORY = PolicyContent.CATEGORY_CODE;

    public record VersionSummary(int number, String hash, String previousHash, OffsetDateTime publishedAt,
            String publishedBy, String summary, String classification) {
        static VersionSummary of(PolicyVersion v) {
            return new VersionSummary(v.number, v.hash, v.previousHash, v.publishedAt, v.publishedBy, v.summary, v.classification);
        }
    }

    /** A version in full; {@code canonicalContent} is the exact text whose SHA-256 is {@code hash}. */
    public record VersionView(int number, String hash, String previousHash, OffsetDateTime publishedAt,
            String publishedBy, String summary, String classification, List<PolicyChange> changes,
            PolicyContent content, String canonicalContent) {
    }

    public record DraftView(PolicyContent content, String classification, List<PolicyChange> pendingChanges) {
    }

    public record PurposeInput(@NotNull @Size(min = 1, max = 200) String name, @NotNull PolicyContent.LegalBasis legalBasis,
            @NotNull Boolean thirdParty, @NotEmpty @Size(max = 100) List<@NotNull @Pattern(regexp = CATEGORY) String> categories,
            @Size(max = 100) String dpv, @Size(max = 64) String policyRef) {
    }

    public record CategoryInput(@NotNull @Size(min = 1, max = 200) String name, @Size(max = 100) String dpv) {
    }

    /**
     * {@code externalTransmission}: for a recipient that provides a module the site incorporates (e.g. Google
     * Analytics, the policy's Art. 7); null for one that does not.
     */
    public record RecipientInput(@NotNull @Size(min = 1, max = 200) String name, @NotNull @Size(min = 1, max = 400) String address,
            @NotNull @Size(min = 1, max = 200) String representative,
            @NotEmpty @Size(max = 100) List<@NotNull @Pattern(regexp = PolicyContent.CODE) String> purposes,
            @Valid ExternalTransmissionInput externalTransmission) {
    }

    /** What the module sends, to be published in the notice of external transmissions. */
    public record ExternalTransmissionInput(@NotBlank @Size(max = 200) String module,
            @NotBlank @Size(max = 2000) @Prose String purpose,
            @NotEmpty @Size(max = 50) List<@NotNull @Pattern(regexp = CATEGORY) String> categories,
            @NotBlank @Size(max = 400) @Pattern(regexp = "^https?://[^\\s]+$") String privacyPolicy,
            @NotBlank @Size(max = 2000) @Prose String optOut, @Size(max = 64) String policyRef) {
        PolicyContent.ExternalTransmission toContent() {
            return new PolicyContent.ExternalTransmission(module, purpose, categories, privacyPolicy, optOut, policyRef);
        }
    }

    public record ControllerInput(@NotNull @Size(min = 1, max = 200) String name, @NotNull @Size(min = 1, max = 200) String contact,
            @Size(max = 400) String address) {
    }

    public record PublishRequest(@NotNull @Size(min = 1, max = 2000) @Prose String summary) {
    }

    private final PolicyService policies;
    private final SubjectAccess access;

    public PolicyResource(PolicyService policies, SubjectAccess access) {
        this.policies = policies;
        this.access = access;
    }

    @GET
    @PermitAll
    @Operation(summary = "The policy version in force")
    public VersionView current() {
        return policies.latestVersion().map(this::view).orElseThrow(() -> ProblemException.notFound("published policy"));
    }

    @GET
    @Path("/versions")
    @PermitAll
    @Operation(summary = "Every published version, newest first")
    public List<VersionSummary> versions() {
        return policies.versions().stream().map(VersionSummary::of).toList();
    }

    @GET
    @Path("/versions/{hash}")
    @PermitAll
    @Operation(summary = "One published version by its hash")
    public VersionView version(@PathParam("hash") @Pattern(regexp = "^[0-9a-f]{64}$") String hash) {
        return policies.version(hash).map(this::view).orElseThrow(() -> ProblemException.notFound("policy version " + hash));
    }

    @POST
    @Path("/versions")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Publish the draft as the next version; its changes are classified and affected subjects notified")
    @APIResponse(responseCode = "201", description = "The published version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VersionView.class)))
    public RestResponse<VersionView> publish(@Valid @NotNull PublishRequest request, @Context UriInfo uri) {
        PolicyVersion v = policies.publish(request.summary(), access.callerId());
        return Created.inCollection(uri, v.hash, view(v));
    }

    @GET
    @Path("/draft")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "The draft and what publishing it now would change")
    public DraftView draft() {
        return draftView();
    }

    @PUT
    @Path("/draft/purposes/{code}")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Add or replace a purpose in the draft")
    public DraftView putPurpose(@PathParam("code") @Pattern(regexp = PolicyContent.CODE) String code, @Valid @NotNull PurposeInput in) {
        return editDraft(d -> d.withPurpose(new PolicyContent.Purpose(code, in.name(), in.legalBasis(), in.thirdParty(),
                in.categories(), in.dpv(), in.policyRef())));
    }

    @DELETE
    @Path("/draft/purposes/{code}")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Remove a purpose from the draft")
    public DraftView deletePurpose(@PathParam("code") @Pattern(regexp = PolicyContent.CODE) String code) {
        return editDraft(d -> {
            d.purpose(code).orElseThrow(() -> ProblemException.notFound("purpose " + code + " in the draft"));
            return d.withoutPurpose(code);
        });
    }

    @PUT
    @Path("/draft/categories/{code}")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Add or replace a data category in the draft (code: group.item)")
    public DraftView putCategory(@PathParam("code") @Pattern(regexp = CATEGORY) String code, @Valid @NotNull CategoryInput in) {
        return editDraft(d -> d.withCategory(new PolicyContent.Category(code, in.name(), in.dpv())));
    }

    @DELETE
    @Path("/draft/categories/{code}")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Remove a data category from the draft (refused while a purpose uses it)")
    public DraftView deleteCategory(@PathParam("code") @Pattern(regexp = CATEGORY) String code) {
        return editDraft(d -> {
            d.category(code).orElseThrow(() -> ProblemException.notFound("category " + code + " in the draft"));
            d.purposes().stream().filter(p -> p.categories().contains(code)).findFirst().ifPresent(p -> {
                throw ProblemException.conflict("category-in-use", "purpose '" + p.code() + "' uses category '" + code + "'");
            });
            return d.withoutCategory(code);
        });
    }

    @PUT
    @Path("/draft/recipients/{code}")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Add or replace a third-party recipient in the draft")
    public DraftView putRecipient(@PathParam("code") @Pattern(regexp = PolicyContent.CODE) String code, @Valid @NotNull RecipientInput in) {
        return editDraft(d -> d.withRecipient(new PolicyContent.Recipient(code, in.name(), in.address(), in.representative(),
                in.purposes(), in.externalTransmission() == null ? null : in.externalTransmission().toContent())));
    }

    @DELETE
    @Path("/draft/recipients/{code}")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Remove a recipient from the draft")
    public DraftView deleteRecipient(@PathParam("code") @Pattern(regexp = PolicyContent.CODE) String code) {
        return editDraft(d -> {
            d.recipient(code).orElseThrow(() -> ProblemException.notFound("recipient " + code + " in the draft"));
            return d.withoutRecipient(code);
        });
    }

    @PUT
    @Path("/draft/controller")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Replace the controller's name, contact and address in the draft")
    public DraftView putController(@Valid @NotNull ControllerInput in) {
        return editDraft(d -> d.withController(new PolicyContent.Controller(in.name(), in.contact(), in.address())));
    }

    /** Changes the draft as the officer asked and answers with the draft as it now is. */
    private DraftView editDraft(UnaryOperator<PolicyContent> edit) {
        policies.editDraft(edit, access.callerId());
        return draftView();
    }

    private DraftView draftView() {
        List<PolicyChange> pending = policies.pendingChanges();
        return new DraftView(policies.draft(), PolicyDiff.overall(pending).map(PolicyChange.Classification::code).orElse(null), pending);
    }

    private VersionView view(PolicyVersion v) {
        return new VersionView(v.number, v.hash, v.previousHash, v.publishedAt, v.publishedBy, v.summary, v.classification,
                policies.changesOf(v), PolicyService.snapshot(v).content(), v.content);
    }
}
