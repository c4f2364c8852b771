package jp.onplanetz.privacy.analytics.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.UsageEvent;
import jp.onplanetz.privacy.analytics.anonymisation.CellAggregator;
import jp.onplanetz.privacy.analytics.anonymisation.IdentifierKind;
import jp.onplanetz.privacy.analytics.repository.CountingRepository;
import jp.onplanetz.privacy.analytics.repository.CountingRepository.Partial;
import jp.onplanetz.privacy.analytics.repository.CountingRepository.PersonCells;
import jp.onplanetz.privacy.analytics.repository.CountingRepository.PersonWindow;
import jp.onplanetz.privacy.analytics.statistics.CountingRule;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.payload.AnalyticsCellPartialCounted;
import jp.onplanetz.privacy.events.payload.AnalyticsContributionRecorded;
import jp.onplanetz.privacy.runtime.outbox.Outbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts the statistics at the door, in the transaction that stores the events: for every counting rule whose window
 * an event falls in, its person's kept cells are bounded to at most once per cell and at most L cells
 * ({@link CellAggregator#keepsCell}, which ends at the same cells as the release's batch bound whatever the order of
 * arrival), and each change is a +1 or -1 of one source's partial count of a cell. Every changed partial goes out
 * through the outbox with its new absolute value ({@code analytics.cell-partial-counted.v1}); Kafka Streams only sums
 * the partials per cell. Absolute values make a resend harmless, and one partial per source keeps each Kafka door
 * partition on rows no other door writes.
 * <p>
 * A person's cells of a window stay with the source that first counted them, whichever door brings their later
 * events: a retraction then knows which partials to take them out of.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ContributionCounter {

    /** The source of the HTTP door's counts. */
    public static final String HTTP = "http";

    /** The source of the Kafka door's counts from one partition of the usage topic. */
    public static String usageEvents(int partition) {
        return "usage-events/" + partition;
    }

    /**
     * One kept event's share of the statistics.
     *
     * @param person the keyed pseudonym of the person (signed-in subject or anonymous visitor)
     */
    public record Counted(String source, String person, Instant occurredAt,
            AnalyticsContributionRecorded.Attributes attributes) {

        /** A stored event, counted for the person it is about. */
        public static Counted of(String source, UsageEvent e) {
            return new Counted(source, e.subjectPseudonym != null ? e.subjectPseudonym : e.anonymousPseudonym,
                    e.occurredAt.toInstant(), new AnalyticsContributionRecorded.Attributes(e.eventType, e.page,
                    e.gender, e.ageBand, e.prefecture, e.region, e.jobClass, e.companySize, e.companySector));
        }
    }

    /**
     * Another transaction changed the counting state of one of the batch's people meanwhile: nothing of the batch may
     * be kept, and the batch is to be tried again (it then reads the other's result).
     */
    public static final class ConcurrentCountingException extends RuntimeException {
        ConcurrentCountingException() {
            super("the counting state of a person of this batch changed meanwhile; retry the batch");
        }
    }

    private final CountingRepository counting;
    private final ReleaseDefinitions definitions;
    private final Outbox outbox;
    private final PseudonymisationKeys keys;
    private final DoorLock doorLock;

    public ContributionCounter(CountingRepository counting, ReleaseDefinitions definitions, Outbox outbox,
            PseudonymisationKeys keys, DoorLock doorLock) {
        this.counting = counting;
        this.definitions = definitions;
        this.outbox = outbox;
        this.keys = keys;
        this.doorLock = doorLock;
    }

    /**
     * Counts the batch's kept events; the caller holds {@link DoorLock#shared()}. An event of a retracted person that
     * occurred at or before the retraction is not counted: it was delivered late, and belongs to what was retracted.
     *
     * @throws ConcurrentCountingException when the batch must be rolled back and tried again
     */
    public void count(List<Counted> kept) {
        if (kept.isEmpty()) {
            return;
        }
        List<CountingRule> rules = definitions.countingRules();
        Set<String> people = new HashSet<>();
        kept.forEach(c -> people.add(c.person()));
        Map<PersonWindow, PersonCells> stored = counting.cellsOf(people);
        Map<String, Instant> retracted = counting.retractedUntil(people);
        Map<PersonWindow, PersonCells> changed = new LinkedHashMap<>();
        SortedMap<Partial, Long> deltas = new TreeMap<>();
        for (Counted c : kept) {
            Instant until = retracted.get(c.person());
            if (until != null && !c.occurredAt().isAfter(until)) {
                continue;
            }
            for (CountingRule rule : rules) {
                Instant window = rule.windowOf(c.occurredAt()).orElse(null);
                if (window == null) {
                    continue;
                }
                PersonWindow key = new PersonWindow(c.person(), rule.definitionId(), window);
                PersonCells before = changed.getOrDefault(key, stored.get(key));
                if (before == null) {
                    before = new PersonCells(key, List.of(), c.source(), null);
                }
                CellAggregator.KeptCellChange change = CellAggregator.keepsCell(c.person(), before.cells(),
                        rule.cell(c.attributes()), rule.maxCellsPerPerson());
                if (change.added() == null) {
                    continue;
                }
                changed.put(key, new PersonCells(key, change.kept(), before.source(), before.version()));
                deltas.merge(new Partial(rule.definitionId(), window, change.added(), before.source()), 1L, Long::sum);
                if (change.evicted() != null) {
                    deltas.merge(new Partial(rule.definitionId(), window, change.evicted(), before.source()), -1L,
                            Long::sum);
                }
            }
        }
        // the same order in every transaction, so that two batches never wait for each other's rows
        List<PersonCells> rows = new ArrayList<>(changed.values());
        rows.sort(Comparator.comparing(PersonCells::key));
        if (!counting.store(rows)) {
            throw new ConcurrentCountingException();
        }
        publish(deltas);
    }

    /**
     * Everything the person counts in, in every window that began at or before {@code until}, stops counting, and
     * their events that occurred at or before it and arrive later are not counted. Under every key of the ring: their
     * events may have been counted before a rotation. Waits for the door batches in progress (which may be counting
     * the person) and holds off new ones until the caller's transaction ends.
     *
     * @param consentSubject the subject id, or an anonymous visitor's id
     */
    public void retract(String consentSubject, Instant until) {
        doorLock.exclusive();
        Set<String> pseudonyms = new TreeSet<>(keys.pseudonymiser()
                .pseudonymsUnderEveryKey(IdentifierKind.SUBJECT, consentSubject).values());
        SortedMap<Partial, Long> deltas = new TreeMap<>();
        for (PersonCells row : counting.deleteUpTo(pseudonyms, until)) {
            for (String cell : row.cells()) {
                deltas.merge(new Partial(row.key().definition(), row.key().windowStart(), cell, row.source()), -1L,
                        Long::sum);
            }
        }
        counting.retracted(pseudonyms, until);
        publish(deltas);
    }

    /** The new absolute value of every partial that changed, in the partials' order. */
    private void publish(SortedMap<Partial, Long> deltas) {
        deltas.values().removeIf(d -> d == 0);
        for (Map.Entry<Partial, Long> partial : counting.addToPartials(deltas).entrySet()) {
            Partial p = partial.getKey();
            outbox.publish(EventCatalogue.ANALYTICS_CELL_PARTIAL_COUNTED,
                    CountingRule.partialKey(p.definition(), p.windowStart(), p.cell(), p.source()),
                    new AnalyticsCellPartialCounted(p.definition(), p.windowStart().atOffset(ZoneOffset.UTC), p.cell(),
                            p.source(), partial.getValue()));
        }
    }
}
