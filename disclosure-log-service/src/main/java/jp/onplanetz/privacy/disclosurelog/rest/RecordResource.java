package jp.onplanetz.privacy.disclosurelog.rest;

import jp.onplanetz.privacy.disclosurelog.RecordFilter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.disclosurelog.service.records.GroupCommit;
import jp.onplanetz.privacy.disclosurelog.service.ledger.LedgerService.Appended;
import jp.onplanetz.privacy.disclosurelog.service.records.RecordQueryService;
import jp.onplanetz.privacy.disclosurelog.service.records.RecordQueryService.RecordView;
import jp.onplanetz.privacy.disclosurelog.service.records.RecordService;
import jp.onplanetz.privacy.disclosurelog.service.records.RecordService.Provision;
import jp.onplanetz.privacy.disclosurelog.service.records.RecordService.Receiving;
import jp.onplanetz.privacy.runtime.csv.CsvTable;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.security.SubjectAccess;
import jp.onplanetz.privacy.runtime.web.PageView;
import jp.onplanetz.privacy.runtime.web.Paging;
import jp.onplanetz.privacy.runtime.web.PeriodBounds;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Records of provision and of data received. Services append (one record or a batch); a privacy officer queries
 * and exports; a data subject reads the records about itself. Nobody changes or removes a record: there is no
 * PUT, PATCH or DELETE, and the database refuses them too.
 */
@Path("/api/v1")
@Tag(name = "records of provision")
public class RecordResource {

    /** At most 1,000 records, the ceiling of {@code privacyops.disclosure-log.ledger.max-batch}. */
    public record ProvisionBatch(@NotEmpty @Size(max = 1000) List<@NotNull @Valid Provision> records) {
    }

    public record ReceivingBatch(@NotEmpty @Size(max = 1000) List<@NotNull @Valid Receiving> records) {
    }

    /** {@code replayed}: the request repeated an earlier one (same requestId), and this is the record it made. */
    public record AppendedView(UUID recordId, String logId, long index, Instant recordedAt, boolean replayed) {
        static AppendedView of(Appended a) {
            return new AppendedView(a.recordId(), a.logId(), a.seq(), a.recordedAt(), a.replayed());
        }
    }

    public record BatchView(List<AppendedView> records) {
        static RestResponse<BatchView> created(List<Appended> appended) {
            return RestResponse.status(RestResponse.Status.CREATED,
                    new BatchView(appended.stream().map(AppendedView::of).toList()));
        }
    }

    private final RecordService records;
    private final GroupCommit groupCommit;
    private final RecordQueryService queries;
    private final SubjectAccess access;

    public RecordResource(RecordService records, GroupCommit groupCommit, RecordQueryService queries,
            SubjectAccess access) {
        this.records = records;
        this.groupCommit = groupCommit;
        this.queries = queries;
        this.access = access;
    }

    @POST
    @Path("/records/provisions")
    @RolesAllowed({Roles.SVC_CONSENT, Roles.SVC_DATA_REQUEST, Roles.SVC_ANALYTICS})
    @Operation(summary = "Append the record of one provision to a third party (service accounts)")
    @APIResponse(responseCode = "201", description = "The new record",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppendedView.class)))
    @APIResponse(responseCode = "200", description = "A repeated request: the record it made before",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppendedView.class)))
    public RestResponse<AppendedView> appendProvision(@Valid @NotNull RecordService.Provision provision, @Context UriInfo uri) {
        return appended(uri, groupCommit.appendProvision(provision, access.callerId()));
    }

    @POST
    @Path("/records/provisions/batch")
    @RolesAllowed({Roles.SVC_CONSENT, Roles.SVC_DATA_REQUEST, Roles.SVC_ANALYTICS})
    @Operation(summary = "Append many records of provision at once: all or none (service accounts)")
    @APIResponse(responseCode = "201", description = "The records appended",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class)))
    public RestResponse<BatchView> appendProvisions(@Valid @NotNull ProvisionBatch batch) {
        return BatchView.created(records.appendProvisions(batch.records(), access.callerId(), "records"));
    }

    @POST
    @Path("/records/receivings")
    @RolesAllowed({Roles.SVC_CONSENT, Roles.SVC_DATA_REQUEST, Roles.SVC_ANALYTICS})
    @Operation(summary = "Append the record of data received from a third party (service accounts)")
    @APIResponse(responseCode = "201", description = "The new record",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppendedView.class)))
    @APIResponse(responseCode = "200", description = "A repeated request: the record it made before",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppendedView.class)))
    public RestResponse<AppendedView> appendReceiving(@Valid @NotNull RecordService.Receiving receiving, @Context UriInfo uri) {
        return appended(uri, groupCommit.appendReceiving(receiving, access.callerId()));
    }

    @POST
    @Path("/records/receivings/batch")
    @RolesAllowed({Roles.SVC_CONSENT, Roles.SVC_DATA_REQUEST, Roles.SVC_ANALYTICS})
    @Operation(summary = "Append many records of data received: all or none (service accounts)")
    @APIResponse(responseCode = "201", description = "The records appended",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class)))
    public RestResponse<BatchView> appendReceivings(@Valid @NotNull ReceivingBatch batch) {
        return BatchView.created(records.appendReceivings(batch.records(), access.callerId(), "records"));
    }

    @GET
    @Path("/records/{recordId}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One record, with its basis check and inclusion proof")
    public RecordView one(@PathParam("recordId") UUID recordId) {
        return queries.one(recordId);
    }

    @GET
    @Path("/records")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Query records by kind, subject, recipient (or provider) and period (privacy officer)")
    public PageView<RecordView> query(@QueryParam("kind") @Pattern(regexp = "provision|receiving") String kind,
            @QueryParam("subject") String subject, @QueryParam("recipient") String recipient,
            @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
            @Valid @BeanParam Paging.UpTo500 paging) {
        return PageView.uncounted(queries.find(filter(kind, subject, recipient, from, to), paging.offset(),
                paging.size()), paging);
    }

    @GET
    @Path("/records/export")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Produces({MediaType.APPLICATION_JSON, CsvTable.MEDIA_TYPE})
    @Operation(summary = "Every matching record with its proof, as JSON or CSV, for a regulator (privacy officer)")
    @APIResponse(responseCode = "200", description = "The matching records, as JSON or CSV", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = RecordView.class)),
            @Content(mediaType = CsvTable.MEDIA_TYPE)})
    public Response export(@QueryParam("kind") @Pattern(regexp = "provision|receiving") String kind,
            @QueryParam("subject") String subject, @QueryParam("recipient") String recipient,
            @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to, @Context jakarta.ws.rs.core.HttpHeaders headers) {
        List<RecordView> all = queries.find(filter(kind, subject, recipient, from, to), 0, RecordCsv.EXPORT_LIMIT + 1);
        if (all.size() > RecordCsv.EXPORT_LIMIT) {
            throw ProblemException.invalidField("from", "more than " + RecordCsv.EXPORT_LIMIT
                    + " records match: narrow the period or the recipient");
        }
        return RecordCsv.respond(all, headers, "records-export");
    }

    @GET
    @Path("/subjects/{subjectId}/records")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Produces({MediaType.APPLICATION_JSON, CsvTable.MEDIA_TYPE})
    @Operation(summary = "The records about one data subject, each with its inclusion proof (APPI Art. 33(5)); JSON or CSV")
    @APIResponse(responseCode = "200", description = "The subject's records, as JSON or CSV", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = RecordView.class)),
            @Content(mediaType = CsvTable.MEDIA_TYPE)})
    public Response ofSubject(@PathParam("subjectId") String subjectId, @Context jakarta.ws.rs.core.HttpHeaders headers) {
        access.requireAccessTo(subjectId);
        return RecordCsv.respond(queries.ofSubject(subjectId), headers, "records-" + subjectId);
    }

    private static RecordFilter filter(String kind, String subject, String recipient, LocalDate from,
            LocalDate to) {
        PeriodBounds.requireOrdered(from, to);
        return new RecordFilter(kind, blankToNull(subject), blankToNull(recipient), from, to);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** 201 for a new record; 200 when a repeated request found the record it made before. */
    private static RestResponse<AppendedView> appended(UriInfo uri, Appended a) {
        var location = uri.getBaseUriBuilder().path("api/v1/records").path(a.recordId().toString()).build();
        return RestResponse.ResponseBuilder.create(a.replayed() ? RestResponse.Status.OK : RestResponse.Status.CREATED,
                AppendedView.of(a)).location(location).build();
    }
}
