package jp.onplanetz.privacy.analytics.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.events.payload.AnalyticsContributionRecorded;
import jakarta.validation.constraints.Size;
import jp.onplanetz.privacy.analytics.PublishedPolicy;
import jp.onplanetz.privacy.analytics.ReleaseDefinition;
import jp.onplanetz.privacy.analytics.anonymisation.CellAggregator;
import jp.onplanetz.privacy.analytics.config.AnalyticsConfig;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.events.payload.PolicyVersionPublishedV2;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Privacy officers define what each recipient receives. A definition is never edited: a change is a new definition
 * and the retirement of the old one, so that every release can be traced to the rule it was made under.
 */
@ApplicationScoped
@Transactional
public class ReleaseDefinitionService {

    /** The attributes a cell can be made of: all generalised at the door, none an identifier. */
    private static final List<String> DIMENSIONS = AnalyticsContributionRecorded.Attributes.DIMENSIONS;
    public static final String MEASURE = "distinct-people";
    /** More dimensions make cells too small to pass suppression and the figures easier to combine. */
    static final int MAX_DIMENSIONS = 4;
    static final int MAX_CELLS_PER_PERSON = 20;
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    /** Counting cannot reach back: events before a definition existed were not counted for it. */
    private static final Duration START_TOLERANCE = Duration.ofMinutes(1);

    /** The policy's purpose of statistics given to third parties: a recipient of releases must have it. */
    static final String STATISTICS_PURPOSE = "anonymised-statistics";

    /**
     * A definition as an officer submits it. {@code recipientName} may be left out: the name is the recipient's in the
     * policy in force; one that differs is refused, so that an officer who meant another company learns it.
     */
    /** Its schema annotations document the checks {@link #define} makes (it reports every offending field at once). */
    public record NewDefinition(
            @Schema(required = true, pattern = "^[a-z][a-z0-9-]{0,63}$") String recipient,
            @Schema(maxLength = 256) String recipientName,
            @Schema(required = true, pattern = "^[a-z][a-z0-9-]{0,63}$") String purpose,
            @Schema(required = true, minItems = 1, maxItems = MAX_DIMENSIONS) List<@Size(max = 32) String> dimensions,
            @Schema(required = true, enumeration = MEASURE) String measure,
            @Schema(required = true, maxLength = 32, description = "an ISO 8601 duration, e.g. P1D") String window,
            OffsetDateTime startsAt, @Schema(required = true) BigDecimal epsilon, Integer minimumPeoplePerCell,
            Integer maxCellsPerPerson) {
    }

    private final AnalyticsConfig.Releases config;
    private final Event<ReleaseDefinitions.Changed> changed;
    private final PolicyInForceService policy;

    public ReleaseDefinitionService(AnalyticsConfig config, Event<ReleaseDefinitions.Changed> changed,
            PolicyInForceService policy) {
        this.config = config.releases();
        this.changed = changed;
        this.policy = policy;
    }

    /** @throws ProblemException 400 naming every offending field */
    public ReleaseDefinition define(NewDefinition d, String officer) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (d == null) {
            throw new ProblemException(Problem.invalid("A definition is required.",
                    List.of(new Problem.InvalidParam("body", "required"))));
        }
        code(invalid, "recipient", d.recipient(), "the recipient's code in the privacy policy");
        code(invalid, "purpose", d.purpose(), "the recipient's purpose, e.g. advertising-effectiveness");
        if (d.recipientName() != null && (d.recipientName().isBlank() || d.recipientName().length() > 256)) {
            invalid.add(new Problem.InvalidParam("recipientName", "1 to 256 characters, or left out"));
        }
        Optional<PolicyVersionPublishedV2.Recipient> inPolicy = Optional.empty();
        if (d.recipient() != null && CODE.matcher(d.recipient()).matches()) {
            inPolicy = recipientInPolicy(invalid, d.recipient());
            String named = d.recipientName() == null ? null : d.recipientName().strip();
            if (inPolicy.isPresent() && named != null && !named.equals(inPolicy.get().name())) {
                invalid.add(new Problem.InvalidParam("recipientName", "the recipient's name in the policy in force, '"
                        + inPolicy.get().name() + "', or left out"));
            }
        }
        if (d.dimensions() == null || d.dimensions().isEmpty() || d.dimensions().size() > MAX_DIMENSIONS) {
            invalid.add(new Problem.InvalidParam("dimensions", "1 to " + MAX_DIMENSIONS + " of " + DIMENSIONS));
        } else if (d.dimensions().contains(null) || !DIMENSIONS.containsAll(d.dimensions())
                || new HashSet<>(d.dimensions()).size() != d.dimensions().size()) {
            invalid.add(new Problem.InvalidParam("dimensions", "distinct values of " + DIMENSIONS));
        }
        if (!MEASURE.equals(d.measure())) {
            invalid.add(new Problem.InvalidParam("measure", "'" + MEASURE
                    + "' (each person counts at most once per cell, so no other measure is bounded)"));
        }
        Optional<Duration> window = window(invalid, d.window());
        if (d.startsAt() != null && d.startsAt().isBefore(now.minus(START_TOLERANCE))) {
            invalid.add(new Problem.InvalidParam("startsAt", "not in the past: events before a definition are not counted for it"));
        }
        if (d.epsilon() == null || d.epsilon().signum() <= 0) {
            invalid.add(new Problem.InvalidParam("epsilon", "a positive number"));
        } else if (d.epsilon().compareTo(config.monthlyBudget()) > 0) {
            invalid.add(new Problem.InvalidParam("epsilon", "at most the monthly budget of a recipient, " + config.monthlyBudget()));
        } else if (d.epsilon().scale() > 6) {
            invalid.add(new Problem.InvalidParam("epsilon", "at most 6 decimals"));
        }
        int k = d.minimumPeoplePerCell() == null ? CellAggregator.DEFAULT_MINIMUM_PEOPLE_PER_CELL : d.minimumPeoplePerCell();
        if (k < CellAggregator.LOWEST_MINIMUM_PEOPLE_PER_CELL) {
            invalid.add(new Problem.InvalidParam("minimumPeoplePerCell", "at least " + CellAggregator.LOWEST_MINIMUM_PEOPLE_PER_CELL));
        }
        int l = d.maxCellsPerPerson() == null ? CellAggregator.DEFAULT_MAX_CELLS_PER_PERSON : d.maxCellsPerPerson();
        if (l < 1 || l > MAX_CELLS_PER_PERSON) {
            invalid.add(new Problem.InvalidParam("maxCellsPerPerson", "1 to " + MAX_CELLS_PER_PERSON));
        }
        if (!invalid.isEmpty()) {
            throw new ProblemException(Problem.invalid("The release definition is invalid; nothing was defined.", invalid));
        }
        ReleaseDefinition r = new ReleaseDefinition();
        r.id = UUID.randomUUID();
        r.recipient = d.recipient();
        r.recipientName = inPolicy.orElseThrow().name();
        r.purpose = d.purpose();
        r.dimensions = String.join(",", d.dimensions());
        r.measure = MEASURE;
        r.windowSeconds = window.orElseThrow().toSeconds();
        r.startsAt = (d.startsAt() == null ? now : d.startsAt().withOffsetSameInstant(ZoneOffset.UTC)).truncatedTo(ChronoUnit.SECONDS);
        r.epsilon = d.epsilon();
        r.minPeoplePerCell = k;
        r.maxCellsPerPerson = l;
        r.createdBy = officer;
        r.createdAt = now;
        r.persist();
        changed.fire(new ReleaseDefinitions.Changed(r.id));
        return r;
    }

    /** @throws ProblemException 404 unknown, 409 already retired */
    public ReleaseDefinition retire(UUID id) {
        ReleaseDefinition d = ReleaseDefinition.findById(id);
        if (d == null) {
            throw ProblemException.notFound("Release definition " + id);
        }
        if (d.retiredAt != null) {
            throw ProblemException.conflict("already-retired", "The definition was retired at " + d.retiredAt + ".");
        }
        d.retiredAt = OffsetDateTime.now(ZoneOffset.UTC);
        changed.fire(new ReleaseDefinitions.Changed(id));
        return d;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ReleaseDefinition> find(UUID id) {
        return ReleaseDefinition.findByIdOptional(id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ReleaseDefinition> all() {
        return ReleaseDefinition.list("order by createdAt desc");
    }

    private Optional<Duration> window(List<Problem.InvalidParam> invalid, String text) {
        Duration window;
        try {
            window = Duration.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            invalid.add(new Problem.InvalidParam("window", "an ISO-8601 duration such as P1D or PT1H"));
            return Optional.empty();
        }
        if (window.compareTo(config.minWindow()) < 0 || window.compareTo(config.maxWindow()) > 0
                || window.toMillis() % 1000 != 0) {
            invalid.add(new Problem.InvalidParam("window", "whole seconds from " + config.minWindow() + " to " + config.maxWindow()));
            return Optional.empty();
        }
        return Optional.of(window);
    }

    /** The recipient as the policy in force names it, if it may receive the statistics the gateway releases. */
    private Optional<PolicyVersionPublishedV2.Recipient> recipientInPolicy(List<Problem.InvalidParam> invalid, String code) {
        Optional<PublishedPolicy> inForce = policy.current();
        if (inForce.isEmpty()) {
            invalid.add(new Problem.InvalidParam("recipient", "no policy in force has reached the gateway yet, so no"
                    + " recipient can be checked against it"));
            return Optional.empty();
        }
        Optional<PolicyVersionPublishedV2.Recipient> r = inForce.get().recipient(code);
        if (r.isEmpty()) {
            invalid.add(new Problem.InvalidParam("recipient", "not a recipient in the policy in force (version "
                    + inForce.get().versionNumber() + ")"));
        } else if (!r.get().purposes().contains(STATISTICS_PURPOSE)) {
            invalid.add(new Problem.InvalidParam("recipient", "the policy in force does not name it a recipient for '"
                    + STATISTICS_PURPOSE + "'"));
            return Optional.empty();
        }
        return r;
    }

    private static void code(List<Problem.InvalidParam> invalid, String field, String value, String what) {
        if (value == null || !CODE.matcher(value).matches()) {
            invalid.add(new Problem.InvalidParam(field, what + ": lower-case letters, digits and '-', at most 64"));
        }
    }
}
