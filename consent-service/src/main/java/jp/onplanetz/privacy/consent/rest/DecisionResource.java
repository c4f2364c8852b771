package jp.onplanetz.privacy.consent.rest;

import jakarta.ws.rs.core.MediaType;
import jp.onplanetz.privacy.runtime.input.Identifiers;
import jp.onplanetz.privacy.events.WireCoded;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jp.onplanetz.privacy.consent.decision.Decision;
import jp.onplanetz.privacy.consent.policy.PolicyContent;
import jp.onplanetz.privacy.consent.service.DecisionService;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.input.Prose;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * "May data of subject S in categories C be used for purpose P (by recipient R)?" A check only reads; a
 * use is what a service calls right before it uses the data: PERMIT comes back only once the use is
 * recorded (its data-use event is in the outbox), and a denial records nothing.
 */
@Path("/api/v1/decisions")
@Tag(name = "decisions")
public class DecisionResource {

    /** The grounds of APPI Art. 27(1), in the order of the article. */
    public enum LegalGround implements WireCoded {
        @com.fasterxml.jackson.annotation.JsonProperty("laws-and-regulations") LAWS_AND_REGULATIONS,
        @com.fasterxml.jackson.annotation.JsonProperty("protection-of-life-body-property") PROTECTION_OF_LIFE_BODY_PROPERTY,
        @com.fasterxml.jackson.annotation.JsonProperty("public-health-or-children") PUBLIC_HEALTH_OR_CHILDREN,
        @com.fasterxml.jackson.annotation.JsonProperty("cooperation-with-public-bodies") COOPERATION_WITH_PUBLIC_BODIES;
    }

    public record Question(
            @NotNull @Size(min = 1, max = 128) @Pattern(regexp = Identifiers.SUBJECT_ID) String subjectId,
            @NotNull @Pattern(regexp = PolicyContent.CODE) String purpose,
            @NotEmpty @Size(max = 32) List<@NotNull @Pattern(regexp = "^[a-z][a-z0-9.-]{1,63}$") String> categories,
            @Pattern(regexp = PolicyContent.CODE) String recipient) {

        DecisionService.Question toQuestion() {
            return new DecisionService.Question(subjectId, purpose, categories, recipient);
        }
    }

    public record UseRequest(
            @NotNull @Size(min = 1, max = 128) @Pattern(regexp = Identifiers.SUBJECT_ID) String subjectId,
            @NotNull @Pattern(regexp = PolicyContent.CODE) String purpose,
            @NotEmpty @Size(max = 32) List<@NotNull @Pattern(regexp = "^[a-z][a-z0-9.-]{1,63}$") String> categories,
            @Pattern(regexp = PolicyContent.CODE) String recipient,
            LegalGround legalException,
            @Size(min = 20, max = 4000) @Prose String justification) {
    }

    public record DecisionView(String decision, String reason, String explanation, String basis, UUID consentId,
            String policyVersion, List<String> categories) {
        static DecisionView of(Decision d) {
            return new DecisionView(d.permitted() ? "PERMIT" : "DENY", d.reason().code(), d.explanation(),
                    d.basis() == null ? null : d.basis().code(), d.consentId(), d.policyVersion(), d.categories());
        }
    }

    public record UseView(UUID useId, String decision, String reason, String explanation, String basis, UUID consentId,
            String policyVersion, List<String> categories, Instant decidedAt, boolean reviewRequired) {
    }

    private final DecisionService decisions;
    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public DecisionResource(DecisionService decisions, SecurityIdentity identity, JsonWebToken token) {
        this.decisions = decisions;
        this.identity = identity;
        this.token = token;
    }

    /** Answered on the I/O thread: a check reads only memory, so a hop to a worker thread would be pure cost. */
    @POST
    @NonBlocking
    @Path("/check")
    @RolesAllowed({Roles.SVC_DISCLOSURE_LOG, Roles.SVC_DATA_REQUEST, Roles.SVC_ANALYTICS, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Check whether a use would be permitted (a read: records nothing)")
    public DecisionView check(@Valid @NotNull Question question) {
        return DecisionView.of(decisions.check(question.toQuestion()));
    }

    @POST
    @Path("/use")
    @RolesAllowed({Roles.SVC_DISCLOSURE_LOG, Roles.SVC_DATA_REQUEST, Roles.SVC_ANALYTICS, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Decide and record a use: 201 with the recorded use, or 403 problem+json when denied (nothing recorded)."
            + " An APPI Art. 27(1) ground may be claimed only by a privacy officer, with a written justification.")
    @APIResponse(responseCode = "201", description = "PERMIT: the use is recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UseView.class)))
    public RestResponse<UseView> use(@Valid @NotNull UseRequest request) {
        var question = new DecisionService.Question(request.subjectId(), request.purpose(), request.categories(), request.recipient());
        DecisionService.UseOutcome outcome;
        if (request.legalException() != null) {
            if (!identity.hasRole(Roles.PRIVACY_OFFICER)) {
                throw ProblemException.forbidden("Only a privacy officer may claim an APPI Art. 27(1) ground.");
            }
            if (request.justification() == null) {
                throw ProblemException.invalidField("justification", "a claimed legal ground needs a written justification (20 characters or more)");
            }
            outcome = decisions.useOnLegalGround(question,
                    new DecisionService.LegalException(request.legalException().code(), request.justification()), caller());
        } else {
            if (!isService()) {
                // Officers check and claim legal grounds; the ordinary use of data is a service's act.
                throw ProblemException.forbidden("Uses on consent or contract are recorded by services with their own accounts.");
            }
            if (request.justification() != null) {
                throw ProblemException.invalidField("justification", "only a claimed legal ground takes a justification");
            }
            outcome = decisions.use(question, caller());
        }
        Decision d = outcome.decision();
        if (!d.permitted()) {
            throw new ProblemException(Problem.of(Response.Status.FORBIDDEN, "use-denied", d.explanation())
                    .with("decision", "DENY").with("reason", d.reason().code()).with("policyVersion", d.policyVersion())
                    .with("consentId", d.consentId() == null ? null : d.consentId().toString()));
        }
        return RestResponse.status(Response.Status.CREATED, new UseView(outcome.useId(), "PERMIT", d.reason().code(),
                d.explanation(), d.basis().code(), d.consentId(), d.policyVersion(), d.categories(), outcome.decidedAt(),
                outcome.reviewRequired()));
    }

    private boolean isService() {
        return identity.getRoles().stream().anyMatch(r -> r.startsWith("svc-"));
    }

    /** Who asked, for the record: a service by its client id, a person by its id. */
    private String caller() {
        String username = token.getClaim("preferred_username");
        if (isService() && username != null && username.startsWith("service-account-")) {
            return username.substring("service-account-".length());
        }
        return identity.getPrincipal().getName();
    }
}
