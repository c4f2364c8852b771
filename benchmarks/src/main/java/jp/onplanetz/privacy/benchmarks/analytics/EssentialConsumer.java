package jp.onplanetz.privacy.benchmarks.analytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jp.onplanetz.privacy.analytics.anonymisation.AddressGeneraliser;
import jp.onplanetz.privacy.analytics.anonymisation.AgeBand;
import jp.onplanetz.privacy.analytics.anonymisation.CompanyClass;
import jp.onplanetz.privacy.analytics.anonymisation.IdentifierKind;
import jp.onplanetz.privacy.analytics.anonymisation.IpTruncation;
import jp.onplanetz.privacy.analytics.anonymisation.JobClass;
import jp.onplanetz.privacy.analytics.anonymisation.KeyRing;
import jp.onplanetz.privacy.analytics.anonymisation.PseudonymKey;
import jp.onplanetz.privacy.analytics.anonymisation.Pseudonymiser;
import jp.onplanetz.privacy.benchmarks.analytics.StackCpu.Parts;
import jp.onplanetz.privacy.benchmarks.analytics.StackCpu.Snapshot;
import jp.onplanetz.privacy.benchmarks.analytics.UsageFeed.Batch;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.localstack.ServiceProcess;
import jp.onplanetz.privacy.runtime.jdbc.BinaryCopyRows;
import jp.onplanetz.privacy.runtime.jdbc.TimeOrderedIds;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static jp.onplanetz.privacy.benchmarks.support.StackDatabase.single;
import static jp.onplanetz.privacy.benchmarks.support.StackDatabase.superuser;

/**
 * The baseline: the work no design of the gateway's Kafka door can avoid, done as plainly as it can be done. A
 * {@code KafkaConsumer} (assigned every partition of the usage topic, from its beginning: the database is new) reads the
 * events; each value is parsed with one Jackson streaming pass over the fields a row needs; the identifiers are
 * pseudonymised and the attributes generalised by the gateway's own classes (HMAC-SHA-256 under a key of its own);
 * every {@value #BATCH_ROWS} rows are binary-COPYed into {@code usage_event}, with the consumed offsets upserted into
 * a table of its own in the same PostgreSQL transaction.
 *
 * <p>Its database ({@value #DATABASE}) is on the stack's PostgreSQL server, migrated by Flyway from the gateway's
 * own migrations, so that its {@code usage_event} has exactly the gateway's columns, constraints and indexes. What it
 * leaves out, by design: the consent check, the erasure blocks, the schema's field rules, dead letters and the
 * counting; the gateway's figure against it says what those cost.
 */
final class EssentialConsumer implements AutoCloseable {

    static final String DATABASE = "analytics_essential";
    static final int BATCH_ROWS = 5_000;
    static final String OFFSETS_TABLE = "essential_consumer_offset";
    /** The columns a row of the gateway's Kafka door fills (the others take their defaults). */
    static final List<String> COLUMNS = List.of("id", "subject_pseudonym", "anonymous_pseudonym", "cookie_pseudonym",
            "terminal_pseudonym", "key_version", "ip_prefix", "occurred_at", "event_type", "page", "gender", "age_band",
            "prefecture", "region", "job_class", "company_size", "company_sector", "consented_for_analytics",
            "ingested_at");
    private static final String UNSPECIFIED = "unspecified";
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    /** One batch processed: the time from the call to the last commit, and the CPU of every part meanwhile. */
    record EssentialRun(String phase, long events, double seconds, long transactions, PipelineRun.CpuSplit cpu) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private final LocalStack stack;
    private final Connection db;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Pseudonymiser pseudonymiser;
    private final int keyVersion;
    /** The next offset to read on each partition, as its last transaction stored it. */
    private final Map<TopicPartition, Long> next = new HashMap<>();

    private EssentialConsumer(LocalStack stack, Connection db, KafkaConsumer<byte[], byte[]> consumer,
            Pseudonymiser pseudonymiser, int keyVersion) {
        this.stack = stack;
        this.db = db;
        this.consumer = consumer;
        this.pseudonymiser = pseudonymiser;
        this.keyVersion = keyVersion;
    }

    /**
     * A fresh scratch database migrated like the gateway's, and a consumer positioned at its beginning. Not timed:
     * the gateway's start is not timed either.
     */
    static EssentialConsumer open(LocalStack stack, Path repo) throws SQLException {
        try (Connection admin = superuser(stack, "postgres"); Statement st = admin.createStatement()) {
            st.execute("drop database if exists " + DATABASE + " with (force)");
            st.execute("create database " + DATABASE);
        }
        Flyway.configure()
                .dataSource(stack.postgres().jdbcUrl(DATABASE), "postgres", "postgres")
                .locations("filesystem:" + repo.resolve("analytics-gateway/src/main/resources/db/migration").toAbsolutePath())
                .load()
                .migrate();
        Connection db = superuser(stack, DATABASE);
        try (Statement st = db.createStatement()) {
            st.execute("create table " + OFFSETS_TABLE + " (topic text not null, partition integer not null,"
                    + " next_offset bigint not null, primary key (topic, partition))");
        }
        dayPartitionsIfPartitioned(db);
        db.setAutoCommit(false);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH_ROWS,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        String topic = EventCatalogue.USAGE_TOPIC;
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        byte[] secret = new byte[PseudonymKey.MINIMUM_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        PseudonymKey key = new PseudonymKey(1, secret);
        return new EssentialConsumer(stack, db, consumer, new Pseudonymiser(KeyRing.of(key)), key.version());
    }

    /**
     * When the gateway's migrations partition {@code usage_event} by day, the partitions of the run's days (the
     * events occur now), made as the gateway's maintenance makes them ahead; one the migrations made already stays.
     */
    private static void dayPartitionsIfPartitioned(Connection db) throws SQLException {
        if (single(db, "select count(*) from pg_partitioned_table where partrelid = 'usage_event'::regclass") == 0) {
            return;
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(1)); day = day.plusDays(1)) {
            String name = "usage_event_essential_" + day.toString().replace("-", "");
            try (Statement st = db.createStatement()) {
                st.execute("create table " + name + " partition of usage_event for values from ('" + day
                        + " 00:00:00+00') to ('" + day.plusDays(1) + " 00:00:00+00')");
            } catch (SQLException e) {
                if (!"42P17".equals(e.getSQLState())) { // invalid_object_definition: a partition covers the day already
                    throw e;
                }
            }
        }
    }

    /** Processes the batch's events (from its stored position up to the batch's end offsets), timed from the call. */
    EssentialRun run(String phase, Batch batch, Parts parts, ServiceProcess gateway) throws Exception {
        Snapshot cpu0 = Snapshot.take(stack, parts, gateway);
        long t0 = System.nanoTime();
        long deadline = t0 + AnalyticsThroughputBenchmark.TIMEOUT.toNanos();
        BinaryCopyRows rows = new BinaryCopyRows(COLUMNS.size());
        long events = 0;
        long transactions = 0;
        while (!reached(next, batch.to())) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                addRow(rows, r);
                next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                events++;
                if (rows.rows() == BATCH_ROWS) {
                    store(rows, next);
                    transactions++;
                    rows = new BinaryCopyRows(COLUMNS.size());
                }
            }
            if (rows.rows() > 0 && reached(next, batch.to())) {
                store(rows, next);
                transactions++;
                rows = new BinaryCopyRows(COLUMNS.size());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("essential consumer (" + phase + "): " + events + " of " + batch.events()
                        + " events in " + AnalyticsThroughputBenchmark.TIMEOUT);
            }
        }
        long t1 = System.nanoTime();
        PipelineRun.CpuSplit cpu = Snapshot.take(stack, parts, gateway).since(cpu0);
        if (events != batch.events()) {
            throw new IllegalStateException("essential consumer (" + phase + ") read " + events + " events, the batch has "
                    + batch.events());
        }
        EssentialRun run = new EssentialRun(phase, events, (t1 - t0) / 1e9, transactions, cpu);
        System.out.printf(Locale.ROOT, "essential consumer %-5s %,d events in %.2f s: %,.0f events/s (%d transactions)%n",
                phase, events, run.seconds(), run.eventsPerSecond(), transactions);
        return run;
    }

    private static boolean reached(Map<TopicPartition, Long> next, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || next.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** One transaction: the rows by binary COPY, then the offsets after them. */
    private void store(BinaryCopyRows rows, Map<TopicPartition, Long> next) throws SQLException {
        try {
            rows.copyInto(db, "usage_event", COLUMNS);
            try (PreparedStatement ps = db.prepareStatement("insert into " + OFFSETS_TABLE + " (topic, partition, next_offset)"
                    + " values (?, ?, ?) on conflict (topic, partition) do update set next_offset = excluded.next_offset")) {
                for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
                    ps.setString(1, e.getKey().topic());
                    ps.setInt(2, e.getKey().partition());
                    ps.setLong(3, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        }
    }

    /** The row the gateway's door stores for the event: pseudonyms, generalised attributes, a deterministic id. */
    private void addRow(BinaryCopyRows rows, ConsumerRecord<byte[], byte[]> r) throws IOException {
        Header ceId = r.headers().lastHeader(CloudEventHeaders.ID);
        if (ceId == null) {
            throw new IllegalStateException("a usage record without " + CloudEventHeaders.ID + " at " + r.topic() + "-"
                    + r.partition() + "@" + r.offset());
        }
        Fields f = Fields.parse(r.value());
        Instant occurredAt = OffsetDateTime.parse(f.occurredAt).toInstant();
        AddressGeneraliser.Area area = AddressGeneraliser.generalise(f.address);
        rows.row()
                .uuid(TimeOrderedIds.of(occurredAt, new String(ceId.value(), StandardCharsets.UTF_8)))
                .text(pseudonym(IdentifierKind.SUBJECT, f.subjectId))
                .text(pseudonym(IdentifierKind.SUBJECT, f.anonymousId))
                .text(pseudonym(IdentifierKind.COOKIE, f.cookieId))
                .text(pseudonym(IdentifierKind.TERMINAL, f.terminalId))
                .int4(keyVersion)
                .text(f.ip == null ? null : IpTruncation.truncate(f.ip))
                .timestamptz(occurredAt)
                .text(f.eventType)
                .text(f.page)
                .text(f.gender == null ? UNSPECIFIED : f.gender)
                .text(f.birthYear == null ? UNSPECIFIED : AgeBand.of(f.birthYear, Year.from(occurredAt.atOffset(ZoneOffset.UTC))).label())
                .text(area.prefecture())
                .text(area.region())
                .text(JobClass.of(f.jobTitle).code())
                .text(CompanyClass.sizeClass(f.companySize))
                .text(CompanyClass.sectorClass(f.companySector))
                .bool(true)
                .timestamptz(Instant.now());
    }

    private String pseudonym(IdentifierKind kind, String identifier) {
        return identifier == null ? null : pseudonymiser.pseudonymise(kind, identifier);
    }

    /** The fields a row needs, read in one streaming pass; the others are skipped unread. */
    private static final class Fields {
        String subjectId;
        String anonymousId;
        String cookieId;
        String terminalId;
        String ip;
        String occurredAt;
        String eventType;
        String page;
        String gender;
        Integer birthYear;
        String address;
        String companySize;
        String companySector;
        String jobTitle;

        static Fields parse(byte[] json) throws IOException {
            Fields f = new Fields();
            try (JsonParser p = JSON_FACTORY.createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("a usage event is a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    switch (name) {
                        case "subjectId" -> f.subjectId = p.getText();
                        case "anonymousId" -> f.anonymousId = p.getText();
                        case "cookieId" -> f.cookieId = p.getText();
                        case "terminalId" -> f.terminalId = p.getText();
                        case "ip" -> f.ip = p.getText();
                        case "occurredAt" -> f.occurredAt = p.getText();
                        case "eventType" -> f.eventType = p.getText();
                        case "page" -> f.page = p.getText();
                        case "gender" -> f.gender = p.getText();
                        case "birthYear" -> f.birthYear = p.getIntValue();
                        case "address" -> f.address = p.getText();
                        case "companySize" -> f.companySize = p.getText();
                        case "companySector" -> f.companySector = p.getText();
                        case "jobTitle" -> f.jobTitle = p.getText();
                        default -> p.skipChildren();
                    }
                }
            }
            return f;
        }
    }

    /** The rows it stored and whether its stored offsets are the usage topic's end: the check of its result. */
    long storedRows() throws SQLException {
        long n = single(db, "select count(*) from usage_event");
        db.commit();
        return n;
    }

    long storedOffsets() throws SQLException {
        long n = single(db, "select coalesce(sum(next_offset), 0) from " + OFFSETS_TABLE);
        db.commit();
        return n;
    }

    @Override
    public void close() throws SQLException {
        consumer.close();
        db.close();
    }
}
