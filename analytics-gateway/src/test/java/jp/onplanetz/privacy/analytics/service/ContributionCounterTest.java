package jp.onplanetz.privacy.analytics.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jp.onplanetz.privacy.analytics.PolicyTesting;
import jp.onplanetz.privacy.analytics.anonymisation.CellAggregator;
import jp.onplanetz.privacy.analytics.anonymisation.CellAggregatorAccess;
import jp.onplanetz.privacy.analytics.anonymisation.IdentifierKind;
import jp.onplanetz.privacy.analytics.events.CellTotals;
import jp.onplanetz.privacy.analytics.statistics.CountingRule;
import jp.onplanetz.privacy.events.payload.AnalyticsContributionRecorded;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.analytics.UsageTesting.grant;
import static jp.onplanetz.privacy.analytics.UsageTesting.reporterToken;
import static jp.onplanetz.privacy.analytics.UsageTesting.sendUsage;
import static jp.onplanetz.privacy.analytics.UsageTesting.storedOfType;
import static jp.onplanetz.privacy.analytics.UsageTesting.uniqueEventType;
import static jp.onplanetz.privacy.analytics.UsageTesting.withdraw;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.answersTo;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Counting at the door, through the real broker and database: the totals a release reads ({@link CellTotals}) are
 * held against {@link CellAggregator}'s batch computation over the stored events of the window, after events through
 * both doors, a withdrawal, and an erasure while the person's events keep arriving. Each test defines its own release
 * (an hour's windows starting at its definition, so nothing counted before it and no release during the test).
 */
@QuarkusTest
class ContributionCounterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    ContributionCounter counter;
    @Inject
    CellTotals totals;
    @Inject
    ReleaseDefinitions definitions;
    @Inject
    PseudonymisationKeys keys;
    @Inject
    EntityManager em;

    /** The event types this test made: every rule here has eventType first, so they mark the test's own cells. */
    private final Set<String> ownTypes = new HashSet<>();

    @Test
    void aReleasesCellTotalsEqualTheBatchComputationOverTheStoredEventsOfBothDoors() {
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            people.add(UUID.randomUUID().toString());
            grant(people.get(i));
        }
        int l = 2;
        CountingRule rule = define(List.of("eventType", "gender"), l);
        List<String> types = List.of(ownType(), ownType(), ownType(), ownType());

        // through HTTP: one person over L (4 cells), one at 3, one in a single cell twice
        post(event(people.get(0), types.get(0), "female"), event(people.get(0), types.get(1), "female"),
                event(people.get(0), types.get(2), "female"), event(people.get(0), types.get(3), "female"),
                event(people.get(1), types.get(0), "male"), event(people.get(1), types.get(1), "male"),
                event(people.get(1), types.get(3), "male"),
                event(people.get(2), types.get(2), "female"), event(people.get(2), types.get(2), "female"));
        // through Kafka: others over L and under it, and the first person again, now from a partition
        int sent = 9;
        String[][] kafka = {{"3", "0", "female"}, {"3", "1", "female"}, {"3", "2", "female"}, {"3", "3", "female"},
                {"4", "1", "male"}, {"4", "2", "male"}, {"5", "0", "other"}, {"5", "2", "other"}, {"5", "3", "other"},
                {"0", "1", "male"}};
        for (String[] e : kafka) {
            String subject = people.get(Integer.parseInt(e[0]));
            sendUsage(UUID.randomUUID().toString(), subject, event(subject, types.get(Integer.parseInt(e[1])), e[2]));
            sent++;
        }
        int all = sent;
        await().atMost(PATIENCE).until(() -> types.stream().mapToLong(t -> storedOfType(t)).sum() == all);

        Instant window = rule.windowOf(Instant.now()).orElseThrow();
        SortedMap<String, Long> batch = awaitTotalsEqualBatch(rule, window);
        // each person in min(their distinct cells, L) cells: 2 + 2 + 1 + 2 + 2 + 2
        assertThat(batch.entrySet().stream().filter(c -> types.stream().anyMatch(t -> c.getKey().contains(t)))
                .mapToLong(c -> c.getValue()).sum()).isEqualTo(11);
        // the door bounded them: nobody counts in more than L cells of the window
        for (String subject : people) {
            assertThat(keptCells(subject, rule)).hasSizeBetween(1, l);
        }
        // a person's cells stay with the source that first counted them, whichever door brought their later events
        assertThat(sourceOf(people.get(0), rule)).isEqualTo(ContributionCounter.HTTP);
        assertThat(sourceOf(people.get(3), rule)).startsWith("usage-events/");
    }

    @Test
    void anErasureDuringIngestLeavesNeitherRowsNorCountsOfThePerson() throws Exception {
        String erased = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        grant(erased);
        grant(other);
        CountingRule rule = define(List.of("eventType"), 3);
        List<String> types = List.of(ownType(), ownType(), ownType(), ownType());
        String othersType = ownType();
        post(event(other, othersType, "male"));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Instant> lastSent = new AtomicReference<>();
        CompletableFuture<Integer> ingest = CompletableFuture.supplyAsync(() -> {
            int n = 0;
            while (!stop.get()) {
                lastSent.set(Instant.now());
                sendUsage(UUID.randomUUID().toString(), erased, event(erased, types.get(n % types.size()), "female"));
                n++;
            }
            return n;
        });
        Instant firstWindow = rule.windowOf(Instant.now()).orElseThrow();
        // some of the person's events are stored and counted in the totals before the erasure comes
        await().atMost(PATIENCE).until(() -> countOf("usage_event", "subject_pseudonym", erased) > 0
                && totals.window(rule, firstWindow).map(t -> types.stream().anyMatch(x -> t.containsKey(cell(x))))
                .orElse(false));

        String requestId = request(erased, "deletion", "[]");
        await().atMost(PATIENCE).until(() -> !answersTo(requestId).isEmpty());
        // the person's events went on arriving while the erasure was processed
        long storedBeforeStop = countOf("usage_event", "subject_pseudonym", erased);
        stop.set(true);
        assertThat(ingest.get()).isPositive();

        // a marker on the person's partition (their key), after all their events: once stored, the door has read them
        String marker = ownType();
        sendUsage(UUID.randomUUID().toString(), erased, event(other, marker, "male"));
        await().atMost(PATIENCE).until(() -> storedOfType(marker) == 1);

        assertThat(storedBeforeStop).isZero();
        assertThat(countOf("usage_event", "subject_pseudonym", erased)).isZero();
        assertThat(countOf("counting_person", "person", erased)).isZero();
        assertThat(countOf("counting_retraction", "person", erased)).isEqualTo(pseudonyms(erased).size());
        for (Instant window : new TreeSet<>(List.of(firstWindow, rule.windowOf(lastSent.get()).orElseThrow()))) {
            SortedMap<String, Long> batch = awaitTotalsEqualBatch(rule, window);
            types.forEach(t -> assertThat(batch).doesNotContainKey(cell(t)));
        }
        assertThat(totals.window(rule, firstWindow).orElseThrow()).containsEntry(cell(othersType), 1L);
    }

    @Test
    void aWithdrawalTakesThePersonOutOfTheCountsAndRemembersWhen() {
        List<String> people = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        List<String> consents = people.stream().map(s -> grant(s)).toList();
        CountingRule rule = define(List.of("eventType"), 5);
        String type = ownType();
        post(people.stream().map(s -> event(s, type, "female")).toArray(String[]::new));
        Instant window = rule.windowOf(Instant.now()).orElseThrow();
        assertThat(awaitTotalsEqualBatch(rule, window)).containsEntry(cell(type), 3L);

        withdraw(people.get(0), consents.get(0));
        assertThat(countOf("counting_person", "person", people.get(0))).isZero();
        assertThat(countOf("counting_retraction", "person", people.get(0))).isEqualTo(pseudonyms(people.get(0)).size());
        await().atMost(PATIENCE).until(() -> totals.window(rule, window).map(t -> t.get(cell(type))).orElse(0L) == 2L);
        assertThat(awaitTotalsEqualBatch(rule, window)).containsEntry(cell(type), 2L);
    }

    @Test
    void aBatchThatMeetsAConcurrentChangeOfAPersonsCountingFailsWithNothingKeptAndCountsOnRetry() throws Exception {
        CountingRule rule = define(List.of("gender"), 5);
        String person = "p1:" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> counter.count(List.of(counted(person, now, "female"))));
        Instant window = rule.windowOf(now).orElseThrow();

        try (Connection other = ServiceDb.connect(ServiceDatabases.ANALYTICS)) {
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement(
                    "update counting_person set version = version + 1 where person = ?")) {
                ps.setString(1, person);
                assertThat(ps.executeUpdate()).isPositive();
            }
            CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew()
                    .run(() -> counter.count(List.of(counted(person, now, "male")))));
            // the batch read the row before the other change commits, and waits for its lock
            await().atMost(PATIENCE).until(() -> ServiceDb.count(ServiceDatabases.ANALYTICS,
                    "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                            + " and query like 'update counting_person%'") > 0);
            other.commit();
            assertThatThrownBy(batch::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ContributionCounter.ConcurrentCountingException.class);
        }
        assertThat(partial(rule, window, "[\"male\"]", ContributionCounter.HTTP)).isEmpty();

        QuarkusTransaction.requiringNew().run(() -> counter.count(List.of(counted(person, now, "male"))));
        assertThat(partial(rule, window, "[\"male\"]", ContributionCounter.HTTP)).isPresent();
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select version from counting_person where person = ?"
                + " and definition = ?::uuid", person, rule.definitionId().toString())).isEqualTo(3);
    }

    @Test
    void aRolledBackBatchLeavesNeitherCountingStateNorPartialsNorOutboxRows() {
        CountingRule rule = define(List.of("gender"), 5);
        String person = "p1:" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        Instant now = Instant.now();
        Instant window = rule.windowOf(now).orElseThrow();
        String partialKey = CountingRule.partialKey(rule.definitionId(), window, "[\"female\"]",
                ContributionCounter.HTTP);
        long[] seenInside = new long[3];
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            counter.count(List.of(counted(person, now, "female")));
            // the counter's JDBC writes and the outbox's entity are on the transaction's one connection
            seenInside[0] = ((Number) em.createNativeQuery("select count(*) from counting_person where person = ?1"
                    + " and definition = ?2").setParameter(1, person).setParameter(2, rule.definitionId())
                    .getSingleResult()).longValue();
            seenInside[1] = ((Number) em.createNativeQuery("select count(*) from outbox_event where record_key = ?1")
                    .setParameter(1, partialKey).getSingleResult()).longValue();
            seenInside[2] = ServiceDb.count(ServiceDatabases.ANALYTICS,
                    "select count(*) from counting_person where person = ?", person);
            throw new IllegalStateException("the batch fails after counting");
        })).hasMessageContaining("the batch fails after counting");

        assertThat(seenInside).containsExactly(1, 1, 0);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from counting_person where person = ?", person)).isZero();
        assertThat(partial(rule, window, "[\"female\"]", ContributionCounter.HTTP)).isEmpty();
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from outbox_event where record_key = ?", partialKey)).isZero();
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** A release definition of this test's own, as a privacy officer makes it; its counting rule once in force. */
    private CountingRule define(List<String> dimensions, int l) {
        String recipient = "r-" + UUID.randomUUID().toString().substring(0, 8).replaceAll("[0-9]", "x");
        PolicyTesting.inForceWith(recipient);
        String id = given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body("""
                        {"recipient":"%s","recipientName":"Recipient %s","purpose":"advertising-effectiveness",
                         "dimensions":[%s],"measure":"distinct-people","window":"PT1H","epsilon":1,
                         "minimumPeoplePerCell":11,"maxCellsPerPerson":%d}"""
                        .formatted(recipient, recipient, String.join(",", dimensions.stream()
                                .map(d -> "\"" + d + "\"").toList()), l))
                .when().post("/api/v1/release-definitions").then().statusCode(201).extract().path("id");
        return await().atMost(PATIENCE).until(() -> definitions.countingRules().stream()
                .filter(r -> r.definitionId().toString().equals(id)).findFirst(), Optional::isPresent).orElseThrow();
    }

    private String ownType() {
        String type = uniqueEventType();
        ownTypes.add(type);
        return type;
    }

    /**
     * The totals the release job would read of this test's own cells, once equal to the batch computation over them;
     * returns them. Only its own: another test's event that reached the door a moment before this test's definition
     * was loaded, yet occurred within its first window (which starts at the definition's second), is stored but was
     * never counted under it.
     */
    private SortedMap<String, Long> awaitTotalsEqualBatch(CountingRule rule, Instant window) {
        AtomicReference<SortedMap<String, Long>> expected = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            expected.set(own(batch(rule, window)));
            return totals.window(rule, window).map(this::own).equals(Optional.of(expected.get()));
        });
        return expected.get();
    }

    private SortedMap<String, Long> own(SortedMap<String, Long> cells) {
        SortedMap<String, Long> own = new TreeMap<>(cells);
        own.keySet().removeIf(cell -> ownTypes.stream().noneMatch(t -> cell.startsWith("[\"" + t + "\"")));
        return own;
    }

    /**
     * CellAggregator's batch computation over every stored event of the window that counts for statistics: both
     * per-person bounds applied to the whole window at once, before suppression and noise.
     */
    private static SortedMap<String, Long> batch(CountingRule rule, Instant window) throws Exception {
        List<CellAggregator.Contribution> contributions = new ArrayList<>();
        try (Connection c = ServiceDb.connect(ServiceDatabases.ANALYTICS); PreparedStatement ps = c.prepareStatement("""
                select coalesce(subject_pseudonym, anonymous_pseudonym), event_type, page, gender, age_band, prefecture,
                    region, job_class, company_size, company_sector
                from usage_event where consented_for_analytics and occurred_at >= ? and occurred_at < ?""")) {
            ps.setObject(1, window.atOffset(ZoneOffset.UTC));
            ps.setObject(2, window.plus(rule.windowLength()).atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    contributions.add(new CellAggregator.Contribution(rs.getString(1), rule.cell(
                            new AnalyticsContributionRecorded.Attributes(rs.getString(2), rs.getString(3),
                                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                    rs.getString(8), rs.getString(9), rs.getString(10)))));
                }
            }
        }
        SortedMap<String, Long> counts = new TreeMap<>();
        CellAggregatorAccess.trueCounts(contributions, rule.maxCellsPerPerson())
                .forEach((cell, people) -> counts.put(cell, (long) people));
        return counts;
    }

    private static Optional<Long> partial(CountingRule rule, Instant window, String cell, String source) {
        try (Connection c = ServiceDb.connect(ServiceDatabases.ANALYTICS); PreparedStatement ps = c.prepareStatement(
                "select people from cell_partial where definition = ? and window_start = ? and cell = ? and source = ?")) {
            ps.setObject(1, rule.definitionId());
            ps.setObject(2, window.atOffset(ZoneOffset.UTC));
            ps.setString(3, cell);
            ps.setString(4, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of the person's pseudonyms (under every key of the ring) in one table. */
    private long countOf(String table, String pseudonymColumn, String subject) {
        long n = 0;
        for (String pseudonym : pseudonyms(subject)) {
            n += ServiceDb.count(ServiceDatabases.ANALYTICS,
                    "select count(*) from " + table + " where " + pseudonymColumn + " = ?", pseudonym);
        }
        return n;
    }

    private List<String> keptCells(String subject, CountingRule rule) {
        List<String> cells = new ArrayList<>();
        for (String pseudonym : pseudonyms(subject)) {
            try (Connection c = ServiceDb.connect(ServiceDatabases.ANALYTICS); PreparedStatement ps = c.prepareStatement(
                    "select cells from counting_person where person = ? and definition = ?")) {
                ps.setString(1, pseudonym);
                ps.setObject(2, rule.definitionId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cells.addAll(List.of((String[]) rs.getArray(1).getArray()));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return cells;
    }

    private String sourceOf(String subject, CountingRule rule) {
        return (String) ServiceDb.single(ServiceDatabases.ANALYTICS,
                "select source from counting_person where person = ? and definition = ?::uuid",
                pseudonyms(subject).iterator().next(), rule.definitionId().toString());
    }

    private Collection<String> pseudonyms(String subject) {
        return keys.pseudonymiser().pseudonymsUnderEveryKey(IdentifierKind.SUBJECT, subject).values();
    }

    private static ContributionCounter.Counted counted(String person, Instant at, String gender) {
        return new ContributionCounter.Counted(ContributionCounter.HTTP, person, at,
                new AnalyticsContributionRecorded.Attributes("page-view", "/plans", gender, "30-39", null, null,
                        "other", "unspecified", "unspecified"));
    }

    private static String cell(String... values) {
        return "[" + String.join(",", List.of(values).stream().map(v -> "\"" + v + "\"").toList()) + "]";
    }

    /** A usage event occurring now, so that it falls in a window of a definition made a moment ago. */
    private static String event(String subject, String eventType, String gender) {
        return """
                {"subjectId":"%s","occurredAt":"%s","eventType":"%s","page":"/plans","gender":"%s","birthYear":1990}"""
                .formatted(subject, OffsetDateTime.now(ZoneOffset.UTC), eventType, gender);
    }

    private static void post(String... events) {
        given().auth().oauth2(reporterToken()).contentType(ContentType.JSON)
                .body("{\"events\":[" + String.join(",", events) + "]}").when().post("/api/v1/usage-events/batch")
                .then().statusCode(202).body("stored", org.hamcrest.Matchers.is(events.length));
    }
}
