package jp.onplanetz.privacy.analytics.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jp.onplanetz.privacy.analytics.service.IncomingUsageEvent;
import jp.onplanetz.privacy.analytics.service.ContributionCounter;
import jp.onplanetz.privacy.analytics.service.IngestService;
import jp.onplanetz.privacy.runtime.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/**
 * Where the company's services report usage in batches. Only their service accounts may: an event names a
 * person, so a caller must be a system we trust to report true usage, and no person reports on others.
 */
@Path("/api/v1/usage-events/batch")
@Tag(name = "usage events")
public class UsageEventsResource {

    public record Batch(List<IncomingUsageEvent> events) {
    }

    private final IngestService ingest;

    public UsageEventsResource(IngestService ingest) {
        this.ingest = ingest;
    }

    /**
     * 202: the batch was taken in whole; some events may have been dropped for lack of consent, which is not
     * the sender's error, so it is counted in the answer rather than refused.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SVC_USAGE_REPORTER)
    @Operation(summary = "Ingest a batch of usage events (all or nothing); answers how many were stored and dropped")
    @APIResponse(responseCode = "202", description = "The batch was taken: how many events were stored and dropped",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestService.BatchResult.class)))
    public RestResponse<IngestService.BatchResult> ingest(Batch batch) {
        while (true) {
            try {
                return RestResponse.accepted(ingest.ingestBatch(batch == null ? null : batch.events()));
            } catch (ContributionCounter.ConcurrentCountingException retry) {
                // rolled back: another batch changed the counting of one of these people; this one reads it anew
            }
        }
    }
}
