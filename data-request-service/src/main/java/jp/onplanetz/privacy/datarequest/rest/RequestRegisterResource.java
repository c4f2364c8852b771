package jp.onplanetz.privacy.datarequest.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.RequestTask;
import jp.onplanetz.privacy.datarequest.service.RequestRegisterService;
import jp.onplanetz.privacy.runtime.csv.CsvTable;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.web.Downloads;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static jp.onplanetz.privacy.runtime.time.UtcTimes.utc;

/** The register of data subjects' requests, exported by a privacy officer (JSON, or CSV when asked for). */
@Path("/api/v1/request-register")
@Tag(name = "data requests")
public class RequestRegisterResource {

    /** One request as the register lists it. */
    public record Entry(UUID requestId, String subjectId, String type, String status, String filedBy,
            OffsetDateTime receivedAt, OffsetDateTime dueAt, boolean overdueFlagged, OffsetDateTime verifiedAt,
            String verifiedBy, String verificationMethod, List<String> reviewReasons, String reviewDecision,
            OffsetDateTime startedAt, int assignments, OffsetDateTime completedAt, OffsetDateTime refusedAt,
            String refusalGround, OffsetDateTime cancelledAt, String cancelledBy, List<Answer> answers) {
    }

    public record Answer(String system, String outcome, Integer items, OffsetDateTime answeredAt) {
    }

    public record RegisterView(LocalDate from, LocalDate to, int count, List<Entry> requests) {
    }

    static final List<String> HEADER = List.of("requestId", "subjectId", "type", "status", "filedBy", "receivedAt",
            "dueAt", "overdueFlagged", "verifiedAt", "verifiedBy", "verificationMethod", "reviewReasons",
            "reviewDecision", "startedAt", "assignments", "completedAt", "refusedAt", "refusalGround", "cancelledAt",
            "cancelledBy", "answers");

    private final RequestRegisterService register;

    public RequestRegisterResource(RequestRegisterService register) {
        this.register = register;
    }

    @GET
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Every request received in a period (days in the company's calendar, both included), with how"
            + " it was handled; JSON, or CSV with Accept: text/csv (privacy officer)")
    @APIResponse(responseCode = "200", description = "The register for the period, as JSON or CSV", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegisterView.class)),
            @Content(mediaType = CsvTable.MEDIA_TYPE)})
    public Response export(@QueryParam("from") String fromParam, @QueryParam("to") String toParam,
            @Context HttpHeaders headers) {
        LocalDate from = date("from", fromParam);
        LocalDate to = date("to", toParam);
        RequestRegisterService.Register found = register.of(from, to);
        List<Entry> entries = found.requests().stream()
                .map(r -> entry(r, found.tasks().getOrDefault(r.id, List.of()))).toList();
        return Downloads.jsonOrCsv(headers, new RegisterView(from, to, entries.size(), entries), () -> {
            CsvTable table = new CsvTable(HEADER);
            entries.forEach(e -> table.row(cells(e)));
            return table.write();
        }, "request-register-" + from + "-" + to);
    }

    /** A day as 2026-12-04; a missing or malformed one is refused naming its parameter (not a bare 404). */
    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalidField(name, "a day is required, as YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalidField(name, "'" + value + "' is not a day as YYYY-MM-DD");
        }
    }

    private static Entry entry(DataRequest r, List<RequestTask> tasks) {
        return new Entry(r.id, r.subjectId, r.requestType, r.status, r.filedBy, utc(r.receivedAt), utc(r.dueAt),
                r.overdueFlaggedAt != null, utc(r.verifiedAt), r.verifiedBy, r.verificationMethod, r.reviewReasons,
                r.reviewDecision, utc(r.startedAt), r.assignments, utc(r.completedAt), utc(r.refusedAt),
                r.refusalGround, utc(r.cancelledAt), r.cancelledBy,
                tasks.stream().map(t -> new Answer(t.system, t.outcome, t.affected, utc(t.answeredAt))).toList());
    }

    private static List<String> cells(Entry e) {
        List<String> c = new ArrayList<>();
        c.add(e.requestId().toString());
        c.add(e.subjectId());
        c.add(e.type());
        c.add(e.status());
        c.add(e.filedBy());
        c.add(text(e.receivedAt()));
        c.add(text(e.dueAt()));
        c.add(Boolean.toString(e.overdueFlagged()));
        c.add(text(e.verifiedAt()));
        c.add(e.verifiedBy());
        c.add(e.verificationMethod());
        c.add(e.reviewReasons() == null ? "" : String.join(" ", e.reviewReasons()));
        c.add(e.reviewDecision());
        c.add(text(e.startedAt()));
        c.add(Integer.toString(e.assignments()));
        c.add(text(e.completedAt()));
        c.add(text(e.refusedAt()));
        c.add(e.refusalGround());
        c.add(text(e.cancelledAt()));
        c.add(e.cancelledBy());
        // system:outcome:items, one per system, space-separated: enough to see who did what at a glance
        c.add(e.answers().stream().map(a -> a.system() + ":" + (a.outcome() == null ? "pending" : a.outcome())
                + (a.items() == null ? "" : ":" + a.items())).collect(Collectors.joining(" ")));
        return c;
    }

    private static String text(OffsetDateTime t) {
        return t == null ? "" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }
}
