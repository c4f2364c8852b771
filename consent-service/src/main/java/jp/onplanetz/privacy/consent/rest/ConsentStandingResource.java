package jp.onplanetz.privacy.consent.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jp.onplanetz.privacy.consent.ConsentRecord;
import jp.onplanetz.privacy.consent.decision.ConsentStanding;
import jp.onplanetz.privacy.consent.service.ConsentService;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import static jp.onplanetz.privacy.runtime.time.UtcTimes.utc;

/**
 * Whether a consent stood at a given instant, by consent id alone: the disclosure log asks it of every
 * record of a third-party provision, so that a provision whose consent did not exist yet, or was withdrawn,
 * expired, awaiting renewal or superseded at that time is flagged, not silently accepted.
 */
@Path("/api/v1/consents")
@Tag(name = "consents")
public class ConsentStandingResource {

    public record StandingView(UUID consentId, String subjectId, String purpose, String recipient, List<String> categories,
            OffsetDateTime at, String standing, OffsetDateTime since, String policyVersion) {

        static StandingView of(ConsentRecord c, Instant at, ConsentStanding s) {
            return new StandingView(c.id, c.subjectId, c.purpose, c.recipient, c.categories, utc(at), s.standing().code(),
                    utc(s.since()), s.policyVersion());
        }
    }

    private final ConsentService consents;

    public ConsentStandingResource(ConsentService consents) {
        this.consents = consents;
    }

    @GET
    @Path("/{consentId}/standing")
    @RolesAllowed({Roles.SVC_DISCLOSURE_LOG, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Where a consent stood at an instant: not-yet-granted, in-force, withdrawn, expired,"
            + " reconsent-required or superseded, since when, and the policy version it was granted under."
            + " Derived from the consent's append-only history; only in-force means it counted.")
    public StandingView standing(
            @Parameter(description = "The consent's id (a UUID); a malformed one is 400, an unknown one 404")
            @PathParam("consentId") String consentId,
            @Parameter(description = "The instant asked about, ISO-8601 with an offset, e.g. 2026-04-01T09:30:00Z", required = true)
            @QueryParam("at") String at) {
        UUID id = ConsentResource.consentId(consentId);
        Instant instant = instant(at);
        ConsentService.StandingAt s = consents.standing(id, instant);
        return StandingView.of(s.consent(), instant, s.standing());
    }

    /** An instant needs its offset: a local date-time would name a different instant in every time zone. */
    private static Instant instant(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.invalidField("at", "required: the instant to ask about, ISO-8601 with an offset"
                    + " (e.g. 2026-04-01T09:30:00Z)");
        }
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            // A '+' sent unencoded in a query string arrives as a space: say so rather than guess.
            throw ProblemException.invalidField("at", "not an ISO-8601 date-time with an offset: '" + raw + "'"
                    + (raw.indexOf(' ') >= 0 ? " (send a '+' in a query string as %2B)" : ""));
        }
    }
}
