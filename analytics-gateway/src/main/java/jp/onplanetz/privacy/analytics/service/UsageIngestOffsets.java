package jp.onplanetz.privacy.analytics.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.repository.UsageIngestOffsetRepository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Where the Kafka door is in each partition, kept in PostgreSQL with the rows it stored (not on Kafka, whose offset
 * commit could not be part of the same transaction), and fenced by an epoch so that only the partition's current
 * owner can move it: see V9__usage_ingest_offsets.sql.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class UsageIngestOffsets {

    /** A partition the door was assigned: where it goes on reading (empty: nothing stored yet) and its epoch. */
    public record Assigned(int partition, OptionalLong nextOffset, long epoch) {
    }

    /** What one batch consumed of one partition: every record before {@code nextOffset}, read under {@code epoch}. */
    public record Consumed(String topic, int partition, long epoch, long nextOffset) {
    }

    /** The batch's partitions that another door has claimed since: the batch was rolled back, nothing of it stored. */
    public static final class Fenced extends RuntimeException {
        private final transient List<Consumed> partitions;

        Fenced(List<Consumed> partitions) {
            super("fenced on " + partitions.stream().map(c -> c.topic() + "-" + c.partition()).toList()
                    + ": another door has been assigned them since");
            this.partitions = List.copyOf(partitions);
        }

        public List<Consumed> partitions() {
            return partitions;
        }
    }

    private final UsageIngestOffsetRepository offsets;

    public UsageIngestOffsets(UsageIngestOffsetRepository offsets) {
        this.offsets = offsets;
    }

    /** Takes the partitions over, in a transaction of its own: from its commit on, an earlier owner commits nothing. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Map<Integer, Assigned> claim(String topic, Collection<Integer> partitions) {
        Map<Integer, Assigned> assigned = new TreeMap<>();
        offsets.claim(topic, partitions).forEach((p, c) -> assigned.put(p, new Assigned(p, c.nextOffset(), c.epoch())));
        return assigned;
    }

    /**
     * Moves each partition on, first thing in the batch's transaction: the row locks are then held to its commit.
     *
     * @throws Fenced when any partition is no longer this door's (the caller's transaction must roll back)
     */
    public void advance(List<Consumed> consumed) {
        List<Consumed> fenced = new ArrayList<>();
        for (Consumed c : consumed) {
            if (!offsets.advance(c.topic(), c.partition(), c.epoch(), c.nextOffset())) {
                fenced.add(c);
            }
        }
        if (!fenced.isEmpty()) {
            throw new Fenced(fenced);
        }
    }
}
