package jp.onplanetz.privacy.analytics.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jp.onplanetz.privacy.analytics.ReleaseDefinition;
import jp.onplanetz.privacy.analytics.service.ReleaseDefinitionService;
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

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static jp.onplanetz.privacy.runtime.time.UtcTimes.utc;

/**
 * Privacy officers decide what statistics leave the company, to whom and at what privacy cost; nobody else may see
 * or change the definitions (a recipient sees what it received, on {@code /api/v1/releases}).
 */
@Path("/api/v1/release-definitions")
@Tag(name = "statistics releases")
@RolesAllowed(Roles.PRIVACY_OFFICER)
public class ReleaseDefinitionsResource {

    public record DefinitionView(UUID id, String recipient, String recipientName, String purpose, List<String> dimensions,
            String measure, String window, OffsetDateTime startsAt, BigDecimal epsilon, int minimumPeoplePerCell,
            int maxCellsPerPerson, String createdBy, OffsetDateTime createdAt, OffsetDateTime retiredAt) {

        static DefinitionView of(ReleaseDefinition d) {
            return new DefinitionView(d.id, d.recipient, d.recipientName, d.purpose, d.dimensionList(), d.measure,
                    Duration.ofSeconds(d.windowSeconds).toString(), utc(d.startsAt), d.epsilon.stripTrailingZeros(),
                    d.minPeoplePerCell, d.maxCellsPerPerson, d.createdBy, utc(d.createdAt), utc(d.retiredAt));
        }
    }

    private final ReleaseDefinitionService definitions;
    private final SubjectAccess caller;

    public ReleaseDefinitionsResource(ReleaseDefinitionService definitions, SubjectAccess caller) {
        this.definitions = definitions;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Define a statistics release for a recipient (dimensions, measure, window, epsilon, k, L)")
    @APIResponse(responseCode = "201", description = "The definition",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DefinitionView.class)))
    public RestResponse<DefinitionView> define(ReleaseDefinitionService.NewDefinition body) {
        ReleaseDefinition d = definitions.define(body, caller.callerId());
        return Created.at(URI.create("/api/v1/release-definitions/" + d.id), DefinitionView.of(d));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every release definition, newest first")
    public List<DefinitionView> list() {
        return definitions.all().stream().map(DefinitionView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One release definition")
    public DefinitionView get(@PathParam("id") UUID id) {
        return definitions.find(id).map(DefinitionView::of)
                .orElseThrow(() -> ProblemException.notFound("Release definition " + id));
    }

    @POST
    @Path("/{id}/retire")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Retire a definition: no more counting or releases under it (windows already over are still released)")
    public DefinitionView retire(@PathParam("id") UUID id) {
        return DefinitionView.of(definitions.retire(id));
    }
}
