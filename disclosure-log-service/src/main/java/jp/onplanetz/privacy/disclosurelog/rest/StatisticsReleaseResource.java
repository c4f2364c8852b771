package jp.onplanetz.privacy.disclosurelog.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jp.onplanetz.privacy.disclosurelog.ReleaseStatus;
import jp.onplanetz.privacy.disclosurelog.StatisticsRelease;
import jp.onplanetz.privacy.disclosurelog.config.DisclosureLogConfig;
import jp.onplanetz.privacy.disclosurelog.service.registers.StatisticsReleaseService;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.web.PageView;
import jp.onplanetz.privacy.runtime.web.Paging;
import jp.onplanetz.privacy.runtime.web.PeriodBounds;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import static jp.onplanetz.privacy.runtime.time.UtcTimes.utc;

/**
 * The register of statistics releases, made from analytics-gateway's events: every release of anonymised
 * statistics and every refused one. Officers and operators read it; nobody writes to it over HTTP, and nobody
 * changes or removes an entry (no PUT, PATCH or DELETE; the database refuses them too).
 */
@Path("/api/v1/statistics-releases")
@Tag(name = "statistics releases")
public class StatisticsReleaseResource {

    static final String PERIOD_BOUND = "An RFC 3339 timestamp with its offset (2026-11-25T00:00:00Z), or a date"
            + " (2026-11-25) in the register's calendar (Asia/Tokyo by default).";

    /**
     * An entry. A release has {@code releaseId} (equal to {@code id}), {@code releasedAt}, its purpose, dimensions,
     * measure, k ({@code minimumPeoplePerCell}), L ({@code maxCellsPerPerson}) and how many cells it released and
     * suppressed; a refusal has {@code refusedAt} and the budget it would have exceeded ({@code budgetPeriod},
     * {@code budgetSpent}, {@code budgetCap}). What the other kind has is null. Decimals are strings, as in the
     * events: epsilon is charged to a budget, and a float would not add up.
     */
    public record StatisticsReleaseView(UUID id, ReleaseStatus status, UUID releaseId, String eventId,
            UUID definitionId, String recipient, String purpose, OffsetDateTime windowStart, OffsetDateTime windowEnd,
            List<String> dimensions, String measure, String epsilon, Integer minimumPeoplePerCell,
            Integer maxCellsPerPerson, Integer releasedCells, Integer suppressedCells, OffsetDateTime releasedAt,
            OffsetDateTime refusedAt, String budgetPeriod, String budgetSpent, String budgetCap,
            OffsetDateTime receivedAt) {

        static StatisticsReleaseView of(StatisticsRelease r) {
            boolean released = r.status() == ReleaseStatus.RELEASED;
            return new StatisticsReleaseView(r.id(), r.status(), r.releaseId(), r.eventId(), r.definitionId(),
                    r.recipient(), r.purpose(), utc(r.windowStart()), utc(r.windowEnd()), r.dimensions(), r.measure(),
                    decimal(r.epsilon()), r.minimumPeoplePerCell(), r.maxCellsPerPerson(), r.releasedCells(),
                    r.suppressedCells(), released ? utc(r.occurredAt()) : null, released ? null : utc(r.occurredAt()),
                    r.budgetPeriod(), decimal(r.budgetSpent()), decimal(r.budgetCap()), utc(r.receivedAt()));
        }
    }

    private final StatisticsReleaseService register;
    private final DisclosureLogConfig config;

    public StatisticsReleaseResource(StatisticsReleaseService register, DisclosureLogConfig config) {
        this.register = register;
        this.config = config;
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Releases of statistics and refused releases, newest first, by recipient and period"
            + " (when released or refused: from inclusive, to exclusive; a date as to includes that day)")
    public PageView<StatisticsReleaseView> list(
            @QueryParam("recipient") @Pattern(regexp = "[a-z][a-z0-9-]{0,63}", message = "must be a recipient code")
            String recipient,
            @QueryParam("from") @Parameter(description = PERIOD_BOUND) String from,
            @QueryParam("to") @Parameter(description = PERIOD_BOUND) String to,
            @Valid @BeanParam Paging.UpTo500 paging) {
        Instant start = bound("from", from, false);
        Instant end = bound("to", to, true);
        PeriodBounds.requireOrdered(start, end);
        StatisticsReleaseService.Listing listing = register.list(
                new StatisticsRelease.Filter(recipient, start, end), paging.page(), paging.size());
        return PageView.of(listing.items().stream().map(StatisticsReleaseView::of).toList(), paging, listing.total());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One entry: a release by its release id, or a refusal by the id the register gave it")
    public StatisticsReleaseView one(@PathParam("id") UUID id) {
        return StatisticsReleaseView.of(register.get(id));
    }

    /**
     * A bound of the period. Taken as text and read here, so that a bad value is a problem naming its parameter
     * (a query parameter the framework cannot convert is a bare 404). A date is a day of the register's calendar:
     * as {@code from} its start, as {@code to} its end, so {@code from=to=2026-11-25} is that whole day.
     */
    private Instant bound(String name, String value, boolean end) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(config.zone()).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name, "'" + value + "' is neither a date (2026-11-25) nor a timestamp"
                    + " with its offset (2026-11-25T00:00:00Z)");
        }
    }

    private static String decimal(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }
}
