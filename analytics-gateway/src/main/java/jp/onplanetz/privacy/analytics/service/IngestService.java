package jp.onplanetz.privacy.analytics.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.UsageEvent;
import jp.onplanetz.privacy.analytics.anonymisation.AddressGeneraliser;
import jp.onplanetz.privacy.analytics.anonymisation.AgeBand;
import jp.onplanetz.privacy.analytics.anonymisation.CompanyClass;
import jp.onplanetz.privacy.analytics.anonymisation.IdentifierKind;
import jp.onplanetz.privacy.analytics.anonymisation.IpTruncation;
import jp.onplanetz.privacy.analytics.anonymisation.JobClass;
import jp.onplanetz.privacy.analytics.anonymisation.Pseudonymiser;
import jp.onplanetz.privacy.analytics.config.AnalyticsConfig;
import jp.onplanetz.privacy.analytics.repository.ConsentProjectionRepository;
import jp.onplanetz.privacy.analytics.repository.UsageEventRepository;
import jp.onplanetz.privacy.events.WireCoded;
import jp.onplanetz.privacy.runtime.jdbc.TimeOrderedIds;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The door of the gateway: every usage event, from HTTP or Kafka, is validated, checked against the consent
 * projection, pseudonymised and generalised here, and only then stored. Nothing raw goes further than this class.
 * <p>
 * <b>Consent.</b> An event is kept for statistics only while the person it is about has a granted, unexpired
 * consent to {@link AnalyticsConfig.Ingest#purpose()} (any recipient: which recipient may see which statistics is
 * decided when they are released). The person is the subject id, or for someone not signed in the anonymous id,
 * under which consent-service records a cookie-banner consent. An event with neither (cookie or terminal id
 * only) cannot be matched to any consent and is dropped. A person whose events were erased on their request
 * ({@link ErasureBlockService}) is dropped too, until they consent again after the erasure; an event that occurred
 * before the erasure is dropped even then. A dropped event is not stored at all: the gateway
 * serves statistics only, and what service provision needs of the same usage stays with the service that
 * reported it, under its own retention. Drops are counted in
 * {@code privacyops.analytics.events.dropped{reason}}.
 */
@ApplicationScoped
@Transactional
public class IngestService {

    static final String DROPPED = "privacyops.analytics.events.dropped";
    static final String STORED = "privacyops.analytics.events.stored";
    static final String UNSPECIFIED = "unspecified";

    private static final Set<String> GENDERS = Set.of("female", "male", "other", UNSPECIFIED);

    /** Why an event was not kept; the codes are the metric's {@code reason} tag. */
    public enum DropReason implements WireCoded {
        NO_CONSENT_SUBJECT,
        NOT_CONSENTED,
        WITHDRAWN,
        RECONSENT_REQUIRED,
        EXPIRED,
        /** The person's events were erased on their request, and they have not consented again since. */
        ERASED
    }

    /** What became of an event: stored (with its row id) or dropped (with the reason). */
    public record Outcome(UUID storedId, DropReason dropped) {
        public boolean stored() {
            return storedId != null;
        }
    }

    /** The counts an HTTP batch is answered with. */
    public record BatchResult(int received, int stored, int dropped, Map<String, Integer> droppedByReason) {
    }

    private final UsageEventRepository events;
    private final ConsentProjectionRepository consents;
    private final ErasureBlockService erasures;
    private final PseudonymisationKeys keys;
    private final AnalyticsConfig.Ingest config;
    private final MeterRegistry metrics;
    private final ContributionCounter counter;
    private final DoorLock doorLock;
    private final UsageIngestOffsets offsets;
    private final TransactionSynchronizationRegistry transactions;

    public IngestService(UsageEventRepository events, ConsentProjectionRepository consents,
            ErasureBlockService erasures, PseudonymisationKeys keys, AnalyticsConfig config, MeterRegistry metrics,
            ContributionCounter counter, DoorLock doorLock, UsageIngestOffsets offsets,
            TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
        this.offsets = offsets;
        this.counter = counter;
        this.doorLock = doorLock;
        this.events = events;
        this.consents = consents;
        this.erasures = erasures;
        this.keys = keys;
        this.config = config.ingest();
        this.metrics = metrics;
    }

    /**
     * All or nothing: a batch with any invalid event stores none (a sender fixing one event resends the whole
     * batch, and a partly stored batch would then be stored twice).
     *
     * @throws ProblemException 400 naming every offending {@code events[i].field}
     */
    public BatchResult ingestBatch(List<IncomingUsageEvent> batch) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        if (batch == null || batch.isEmpty()) {
            invalid.add(new Problem.InvalidParam("events", "at least one event is required"));
        } else if (batch.size() > config.maxBatch()) {
            invalid.add(new Problem.InvalidParam("events", "at most " + config.maxBatch() + " events in one batch"));
        } else {
            for (int i = 0; i < batch.size(); i++) {
                invalid.addAll(violations(batch.get(i), "events[" + i + "]"));
            }
        }
        if (!invalid.isEmpty()) {
            throw new ProblemException(Problem.invalid("The batch has invalid events; none was ingested.", invalid));
        }
        // until this batch commits, an erasure of any of its people waits: it must not miss their events
        doorLock.shared();
        List<ContributionCounter.Counted> counted = new ArrayList<>();
        Map<String, Integer> droppedByReason = new TreeMap<>();
        for (IncomingUsageEvent event : batch) {
            Outcome outcome = ingestValid(event, counted);
            if (!outcome.stored()) {
                droppedByReason.merge(outcome.dropped().code(), 1, Integer::sum);
            }
        }
        counter.count(counted);
        int stored = counted.size();
        countOnCommit(stored, droppedByReason);
        return new BatchResult(batch.size(), stored, batch.size() - stored, droppedByReason);
    }

    /** A valid event read from the topic, with the CloudEvents id it was delivered under and its partition. */
    public record Delivered(String eventId, int partition, IncomingUsageEvent event) {
    }

    /**
     * A delivered event made ready for storing, before any database work: pseudonymised and generalised, with its row
     * id (which follows from its CloudEvents id). {@code consentSubject} is the raw id consent is held under (null:
     * none); it stays in memory, for the consent decision. {@code source} is whose partial counts it adds to (its
     * partition's).
     */
    public record Prepared(String consentSubject, String source, UsageEvent event) {
    }

    /**
     * The CPU-bound part of the Kafka door, which needs no database: done while the previous batch commits. An event
     * later dropped for want of consent was pseudonymised for nothing, which costs less than a second pass would.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Prepared prepare(Delivered d) {
        UsageEvent u = pseudonymised(d.event());
        u.id = TimeOrderedIds.of(d.event().occurredAt().toInstant(), "usage-event " + d.eventId());
        return new Prepared(consentSubject(d.event()), ContributionCounter.usageEvents(d.partition()), u);
    }

    /**
     * The Kafka door's batch, already validated (see {@link #violations}) and prepared, in the caller's transaction:
     * moves the door's offsets on first (refused if another door has since been assigned a partition), then stores
     * each consented event once however often it is delivered. Returns the kept events, those stored by an earlier
     * delivery included.
     *
     * @throws UsageIngestOffsets.Fenced when any of the batch's partitions is no longer this door's: the transaction
     *                                   must then roll back
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UsageEvent> ingestDelivered(List<Prepared> batch, List<UsageIngestOffsets.Consumed> consumed) {
        // until this batch commits, an erasure of any of its people waits: it must not miss their events
        doorLock.shared();
        offsets.advance(consumed);
        Set<String> people = new HashSet<>();
        batch.forEach(p -> people.add(p.consentSubject()));
        people.remove(null);
        Map<String, List<ConsentProjectionRepository.Held>> held = consents.heldOfSubjects(people, config.purpose());
        Map<String, OffsetDateTime> erased = erasures.blockedSince(people);
        List<UsageEvent> kept = new ArrayList<>();
        List<ContributionCounter.Counted> counted = new ArrayList<>();
        Map<String, Integer> droppedByReason = new TreeMap<>();
        for (Prepared p : batch) {
            Optional<DropReason> drop = p.consentSubject() == null ? Optional.of(DropReason.NO_CONSENT_SUBJECT)
                    : dropReason(held.getOrDefault(p.consentSubject(), List.of()),
                            Optional.ofNullable(erased.get(p.consentSubject())), p.event().occurredAt);
            if (drop.isPresent()) {
                droppedByReason.merge(drop.get().code(), 1, Integer::sum);
            } else {
                kept.add(p.event());
                counted.add(ContributionCounter.Counted.of(p.source(), p.event()));
            }
        }
        int inserted = events.insertNew(kept);
        // a redelivered event counts again, which changes nothing: a person counts once per cell
        counter.count(counted);
        countOnCommit(inserted, droppedByReason);
        return kept;
    }

    /**
     * The stored and dropped events go into the metrics once the transaction commits, not before: a batch rolled back
     * and tried again (a database outage, a concurrent counting change) then counts once, as its rows do.
     */
    private void countOnCommit(int stored, Map<String, Integer> droppedByReason) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    metrics.counter(STORED).increment(stored);
                    droppedByReason.forEach((reason, n) -> metrics.counter(DROPPED, "reason", reason).increment(n));
                }
            }
        });
    }

    private static String consentSubject(IncomingUsageEvent e) {
        return e.subjectId() != null ? e.subjectId() : e.anonymousId();
    }

    /**
     * A withdrawal also reaches the events stored before it: they leave the statistics (the flag every release
     * filters on) unless another consent of the person to the purpose still stands. Found by the person's
     * pseudonym under every key of the ring, as they may have been stored before a rotation.
     *
     * @return how many stored events were taken out
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int consentWithdrawn(String consentSubject, String purpose) {
        if (!config.purpose().equals(purpose) || dropReason(consentSubject, null).isEmpty()) {
            return 0;
        }
        List<String> pseudonyms = List.copyOf(keys.pseudonymiser()
                .pseudonymsUnderEveryKey(IdentifierKind.SUBJECT, consentSubject).values());
        counter.retract(consentSubject, DatabaseClock.now().toInstant());
        return events.update("consentedForAnalytics = false where consentedForAnalytics = true"
                + " and (subjectPseudonym in ?1 or anonymousPseudonym in ?1)", pseudonyms);
    }

    /**
     * The field rules beyond the JSON types. Reasons never repeat the value: it is personal data and ends up in
     * problem documents, dead-letter headers and logs.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Problem.InvalidParam> violations(IncomingUsageEvent e, String prefix) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        String at = prefix.isEmpty() ? "" : prefix + ".";
        if (e == null) {
            invalid.add(new Problem.InvalidParam(prefix.isEmpty() ? "event" : prefix, "an event is required"));
            return invalid;
        }
        identifier(invalid, at + "subjectId", e.subjectId());
        identifier(invalid, at + "anonymousId", e.anonymousId());
        identifier(invalid, at + "cookieId", e.cookieId());
        identifier(invalid, at + "terminalId", e.terminalId());
        if (e.subjectId() != null && e.anonymousId() != null) {
            invalid.add(new Problem.InvalidParam(at + "anonymousId",
                    "an event is about a signed-in subject or an anonymous visitor, not both"));
        }
        if (e.ip() != null) {
            try {
                IpTruncation.truncate(e.ip());
            } catch (IllegalArgumentException notAnIp) {
                invalid.add(new Problem.InvalidParam(at + "ip", notAnIp.getMessage()));
            }
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (e.occurredAt() == null) {
            invalid.add(new Problem.InvalidParam(at + "occurredAt", "required"));
        } else if (e.occurredAt().isAfter(now.plus(config.maxClockSkew()))) {
            invalid.add(new Problem.InvalidParam(at + "occurredAt", "in the future"));
        } else if (e.occurredAt().isBefore(now.minus(config.maxAge()))) {
            invalid.add(new Problem.InvalidParam(at + "occurredAt", "older than " + config.maxAge().toDays() + " days"));
        }
        if (e.eventType() == null || e.eventType().isEmpty()) {
            invalid.add(new Problem.InvalidParam(at + "eventType", "required"));
        } else if (e.eventType().length() > 64 || !UsageEventSyntax.isDottedCode(e.eventType())) {
            invalid.add(new Problem.InvalidParam(at + "eventType",
                    "lower-case dotted code of at most 64 characters, e.g. page-view"));
        }
        if (e.page() != null && (e.page().length() > 256 || !UsageEventSyntax.isPage(e.page()))) {
            invalid.add(new Problem.InvalidParam(at + "page",
                    "a path of at most 256 characters without query or fragment, or a feature code"));
        }
        if (e.gender() != null && !GENDERS.contains(e.gender())) {
            invalid.add(new Problem.InvalidParam(at + "gender", "one of female, male, other, unspecified"));
        }
        if (e.birthYear() != null && e.occurredAt() != null) {
            try {
                AgeBand.of(e.birthYear(), Year.from(e.occurredAt()));
            } catch (IllegalArgumentException implausible) {
                invalid.add(new Problem.InvalidParam(at + "birthYear", "not a plausible year of birth"));
            }
        }
        length(invalid, at + "address", e.address(), 512);
        length(invalid, at + "companyName", e.companyName(), 256);
        length(invalid, at + "companySize", e.companySize(), 32);
        length(invalid, at + "companySector", e.companySector(), 64);
        length(invalid, at + "jobTitle", e.jobTitle(), 256);
        return invalid;
    }

    /**
     * A valid event: stored pseudonymised if its person consented (and added to {@code counted}), else dropped.
     */
    private Outcome ingestValid(IncomingUsageEvent e, List<ContributionCounter.Counted> counted) {
        String consentSubject = e.subjectId() != null ? e.subjectId() : e.anonymousId();
        Optional<DropReason> drop = dropReason(consentSubject, e.occurredAt());
        if (drop.isPresent()) {
            return new Outcome(null, drop.get());
        }
        UsageEvent stored = pseudonymised(e);
        events.persist(stored);
        counted.add(ContributionCounter.Counted.of(ContributionCounter.HTTP, stored));
        return new Outcome(stored.id, null);
    }

    /**
     * Empty when the person has a granted consent to the purpose that has not expired and, if their events were
     * erased on their request, was granted after that.
     *
     * @param occurredAt the event's time; null when no single event is being decided on
     */
    private Optional<DropReason> dropReason(String consentSubject, OffsetDateTime occurredAt) {
        if (consentSubject == null) {
            return Optional.of(DropReason.NO_CONSENT_SUBJECT);
        }
        return dropReason(consents.ofSubjectForPurpose(consentSubject, config.purpose()).stream()
                .map(ConsentProjectionRepository.Held::of).toList(), erasures.blockedSince(consentSubject), occurredAt);
    }

    /**
     * The same rule over what is already read: the person's consents to the purpose, and when their events were
     * erased, if ever.
     */
    private static Optional<DropReason> dropReason(List<ConsentProjectionRepository.Held> held,
            Optional<OffsetDateTime> erased,
            OffsetDateTime occurredAt) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (erased.isPresent()) {
            OffsetDateTime since = erased.get();
            // an event from before the erasure belongs to what was erased, whatever consent came later (a late
            // delivery); consents from before it are what the request ended, even those still granted here
            if (occurredAt != null && !occurredAt.isAfter(since)) {
                return Optional.of(DropReason.ERASED);
            }
            held = held.stream().filter(c -> c.grantedAt() != null && c.grantedAt().isAfter(since)).toList();
            if (held.isEmpty()) {
                return Optional.of(DropReason.ERASED);
            }
        }
        if (held.stream().anyMatch(c -> c.state().equals("granted") && (c.expiresAt() == null || c.expiresAt().isAfter(now)))) {
            return Optional.empty();
        }
        // the most telling reason first, for whoever reads the metric
        if (held.stream().anyMatch(c -> c.state().equals("withdrawn"))) {
            return Optional.of(DropReason.WITHDRAWN);
        }
        if (held.stream().anyMatch(c -> c.state().equals("reconsent-required"))) {
            return Optional.of(DropReason.RECONSENT_REQUIRED);
        }
        if (held.stream().anyMatch(c -> c.state().equals("granted"))) {
            return Optional.of(DropReason.EXPIRED);
        }
        return Optional.of(DropReason.NOT_CONSENTED);
    }

    private UsageEvent pseudonymised(IncomingUsageEvent e) {
        Pseudonymiser pseudonymiser = keys.pseudonymiser();
        UsageEvent u = new UsageEvent();
        u.id = TimeOrderedIds.of(e.occurredAt().toInstant(), "usage-event http " + UUID.randomUUID());
        // the subject and the anonymous visitor are both the person consent is held under: one kind, so that a
        // visitor's consent and later events under the same id join up; the columns keep them apart
        u.subjectPseudonym = pseudonym(pseudonymiser, IdentifierKind.SUBJECT, e.subjectId());
        u.anonymousPseudonym = pseudonym(pseudonymiser, IdentifierKind.SUBJECT, e.anonymousId());
        u.cookiePseudonym = pseudonym(pseudonymiser, IdentifierKind.COOKIE, e.cookieId());
        u.terminalPseudonym = pseudonym(pseudonymiser, IdentifierKind.TERMINAL, e.terminalId());
        u.keyVersion = keys.currentVersion();
        u.ipPrefix = e.ip() == null ? null : IpTruncation.truncate(e.ip());
        u.occurredAt = e.occurredAt().withOffsetSameInstant(ZoneOffset.UTC);
        u.eventType = e.eventType();
        u.page = e.page();
        u.gender = e.gender() == null ? UNSPECIFIED : e.gender();
        u.ageBand = e.birthYear() == null ? UNSPECIFIED : AgeBand.of(e.birthYear(), Year.from(e.occurredAt())).label();
        AddressGeneraliser.Area area = AddressGeneraliser.generalise(e.address());
        u.prefecture = area.prefecture();
        u.region = area.region();
        u.jobClass = JobClass.of(e.jobTitle()).code();
        // the company's name is read by nothing: a name cannot be classed without a lookup table (CompanyClass)
        u.companySize = CompanyClass.sizeClass(e.companySize());
        u.companySector = CompanyClass.sectorClass(e.companySector());
        u.consentedForAnalytics = true;
        u.ingestedAt = OffsetDateTime.now(ZoneOffset.UTC);
        return u;
    }

    private static String pseudonym(Pseudonymiser pseudonymiser, IdentifierKind kind, String identifier) {
        return identifier == null ? null : pseudonymiser.pseudonymise(kind, identifier);
    }

    private static void identifier(List<Problem.InvalidParam> invalid, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.isBlank() || value.length() > 128) {
            invalid.add(new Problem.InvalidParam(field, "1 to 128 characters, not blank"));
        } else if (UsageEventSyntax.hasControlOrLoneSurrogate(value)) {
            // a lone surrogate would be pseudonymised only by failing; control characters are a sender's bug
            invalid.add(new Problem.InvalidParam(field, "control characters or malformed Unicode"));
        }
    }

    private static void length(List<Problem.InvalidParam> invalid, String field, String value, int max) {
        if (value != null && value.length() > max) {
            invalid.add(new Problem.InvalidParam(field, "at most " + max + " characters"));
        }
    }
}
