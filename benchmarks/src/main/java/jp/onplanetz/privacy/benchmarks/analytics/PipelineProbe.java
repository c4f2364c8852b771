package jp.onplanetz.privacy.benchmarks.analytics;

import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.DbStats;
import jp.onplanetz.privacy.localstack.LocalStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.ANALYTICS_DB;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.STREAMS_APP;
import static jp.onplanetz.privacy.benchmarks.support.StackDatabase.single;
import static jp.onplanetz.privacy.benchmarks.support.StackDatabase.superuser;

/** Reads progress without disturbing it much: one database connection, one admin client, one peeking consumer. */
final class PipelineProbe implements AutoCloseable {

    private final Connection db;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> peek;
    private long ownStatements;

    private PipelineProbe(Connection db, Admin admin, KafkaConsumer<byte[], byte[]> peek) {
        this.db = db;
        this.admin = admin;
        this.peek = peek;
    }

    static PipelineProbe open(LocalStack stack) throws SQLException {
        Connection db = superuser(stack, ANALYTICS_DB);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()));
        KafkaConsumer<byte[], byte[]> peek = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        return new PipelineProbe(db, admin, peek);
    }

    /** The durability settings the server actually runs with (the stack asks for them; the server says). */
    String durability() throws SQLException {
        List<String> settings = new ArrayList<>();
        for (String name : List.of("fsync", "synchronous_commit", "full_page_writes")) {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("show " + name)) {
                rs.next();
                settings.add(name + " " + rs.getString(1));
            }
        }
        return String.join(", ", settings);
    }

    /** The gateway database's transaction and row counters, less this probe's own statements. */
    DbStats stats() throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("select xact_commit, xact_rollback,"
                + " tup_inserted, tup_updated, tup_deleted, tup_fetched, tup_returned from pg_stat_database"
                + " where datname = current_database()")) {
            rs.next();
            return new DbStats(rs.getLong(1) - ownStatements, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7));
        } finally {
            ownStatements++;
        }
    }

    String serverVersion() throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }


    long stored() throws SQLException {
        ownStatements++;
        return single(db, "select count(*) from usage_event");
    }

    /** The Kafka door derives each row's id from the event's CloudEvents id: distinct ids are distinct events. */
    long distinctEventIds() throws SQLException {
        ownStatements++;
        return single(db, "select count(distinct id) from usage_event");
    }

    /** The distinct people per cell of the run's definition (gender, age band), as the database has them. */
    Map<String, Long> distinctPeoplePerCell() throws SQLException {
        ownStatements++;
        Map<String, Long> cells = new TreeMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "select gender, age_band, count(distinct subject_pseudonym) from usage_event"
                        + " where consented_for_analytics group by gender, age_band")) {
            while (rs.next()) {
                cells.put(List.of(rs.getString(1), rs.getString(2)).toString(), rs.getLong(3));
            }
        }
        return cells;
    }

    long unpublished() throws SQLException {
        ownStatements++;
        return single(db, "select count(*) from outbox_event where published_at is null");
    }

    long endOffsets(String topic) throws Exception {
        return endOffsetsOf(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The topic's end offsets as a read-committed consumer sees them (before any open transaction). */
    private Map<TopicPartition, Long> endOffsetsOf(String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                .partitions().size();
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(ask, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOf(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    }

    long committed(String group, String topic) throws Exception {
        return committedOf(group).entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** The Streams application's committed offsets summed over every topic it reads: progress, for the timeline. */
    long streamsCommittedTotal() throws Exception {
        return committedOf(STREAMS_APP).values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    /** Whether the group's committed offsets reach the given end offsets on every partition (an empty one aside). */
    boolean committedReach(String group, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = committedOf(group);
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            if (end.getValue() > 0 && (c == null || c.offset() < end.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the Streams application has processed and committed every record of every topic it reads: each
     * topic it has committed offsets on (whatever the topology's inputs are named), on all of that topic's
     * partitions. Under exactly-once a committed offset may stop short of the read-committed end by a transaction
     * marker, which is no record; so past a committed offset the partition is read (read-committed) for records
     * still to process.
     */
    boolean streamsDone() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = committedOf(STREAMS_APP);
        if (committed.isEmpty()) {
            return false;
        }
        Set<String> inputs = new TreeSet<>();
        committed.keySet().forEach(tp -> inputs.add(tp.topic()));
        for (String topic : inputs) {
            for (Map.Entry<TopicPartition, Long> end : endOffsetsOf(topic).entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                long from = c == null ? 0 : c.offset();
                if (from < end.getValue() && recordsFrom(end.getKey(), from, end.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether any committed record lies in [from, end) of the partition. */
    private boolean recordsFrom(TopicPartition tp, long from, long end) {
        peek.assign(List.of(tp));
        long start = Math.max(from, peek.beginningOffsets(List.of(tp)).get(tp));
        if (start >= end) {
            return false;
        }
        peek.seek(tp, start);
        for (int i = 0; i < 5; i++) {
            if (!peek.poll(Duration.ofMillis(200)).isEmpty()) {
                return true;
            }
            if (peek.position(tp) >= end) {
                return false;
            }
        }
        return true; // an open transaction holds the position back: not done yet
    }

    @Override
    public void close() throws SQLException {
        peek.close();
        admin.close();
        db.close();
    }
}
