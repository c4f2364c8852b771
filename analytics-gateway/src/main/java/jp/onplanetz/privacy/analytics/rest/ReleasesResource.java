package jp.onplanetz.privacy.analytics.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jp.onplanetz.privacy.analytics.StatisticsRelease;
import jp.onplanetz.privacy.analytics.service.ReleaseQueries;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static jp.onplanetz.privacy.runtime.time.UtcTimes.utc;

/**
 * Where recipients pull their statistics. A recipient's account is matched to the policy's recipient code by its
 * user name (the realm does not let users change it), and sees only releases made for that code: another
 * recipient's release is "not found", not "forbidden", so that ids cannot be probed. Privacy officers see all.
 */
@Path("/api/v1/releases")
@Tag(name = "statistics releases")
public class ReleasesResource {

    public record ReleaseView(UUID id, UUID definitionId, String recipient, OffsetDateTime windowStart,
            OffsetDateTime windowEnd, String status, BigDecimal epsilon, String budgetPeriod, JsonNode cells,
            Integer suppressedCells, OffsetDateTime decidedAt) {
    }

    private final ReleaseQueries releases;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public ReleasesResource(ReleaseQueries releases, SecurityIdentity identity, ObjectMapper json) {
        this.releases = releases;
        this.identity = identity;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RECIPIENT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Releases, newest first: a recipient's own; for a privacy officer every one, or one recipient's")
    public List<ReleaseView> list(@QueryParam("recipient") String recipient) {
        String scope = officer() ? recipient : ownCode();
        return releases.list(scope).stream().map(this::view).toList();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RECIPIENT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "One release (a recipient reaches only its own)")
    public ReleaseView get(@PathParam("id") UUID id) {
        return releases.find(id).filter(r -> officer() || r.recipient.equals(ownCode())).map(this::view)
                .orElseThrow(() -> ProblemException.notFound("Release " + id));
    }

    private boolean officer() {
        return identity.hasRole(Roles.PRIVACY_OFFICER);
    }

    private String ownCode() {
        Object name = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("preferred_username") : null;
        if (name == null) {
            throw ProblemException.forbidden("The recipient's token names no account.");
        }
        return name.toString();
    }

    private ReleaseView view(StatisticsRelease r) {
        JsonNode cells;
        try {
            cells = r.cells == null ? null : json.readTree(r.cells);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored release cells are not JSON", e);
        }
        return new ReleaseView(r.id, r.definitionId, r.recipient, utc(r.windowStart), utc(r.windowEnd), r.status,
                r.epsilon.stripTrailingZeros(), r.budgetPeriod, cells, r.suppressedCells, utc(r.decidedAt));
    }
}
