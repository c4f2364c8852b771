package jp.onplanetz.privacy.analytics.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** The Kafka door's consumed offsets per partition, each with the epoch of the door that may advance it. */
@ApplicationScoped
public class UsageIngestOffsetRepository {

    private static final String CLAIM = """
            insert into usage_ingest_offset (topic, partition, next_offset, epoch)
            select ?, p, null, 1 from unnest(?::int[]) p
            on conflict (topic, partition) do update set epoch = usage_ingest_offset.epoch + 1
            returning partition, next_offset, epoch""";
    private static final String ADVANCE = """
            update usage_ingest_offset set next_offset = ? where topic = ? and partition = ? and epoch = ?""";

    /** A partition as a door took it over: where to go on reading from (empty: nothing stored yet), under which epoch. */
    public record Claim(OptionalLong nextOffset, long epoch) {
    }

    private final EntityManager em;

    public UsageIngestOffsetRepository(EntityManager em) {
        this.em = em;
    }

    /** Increments each partition's epoch (starting it at 1), which fences whoever held the partition before. */
    public Map<Integer, Claim> claim(String topic, Collection<Integer> partitions) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            Map<Integer, Claim> claims = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                ps.setString(1, topic);
                ps.setArray(2, c.createArrayOf("int4", partitions.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long next = rs.getLong(2);
                        claims.put(rs.getInt(1), new Claim(rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(next),
                                rs.getLong(3)));
                    }
                }
            }
            return claims;
        });
    }

    /**
     * Sets the partition's next offset if its epoch is still {@code epoch}; the row stays locked until the transaction
     * ends, so a claim by another door waits for this batch and then sees its offset.
     *
     * @return false when another door has claimed the partition since (this one is a zombie)
     */
    public boolean advance(String topic, int partition, long epoch, long nextOffset) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(ADVANCE)) {
                ps.setLong(1, nextOffset);
                ps.setString(2, topic);
                ps.setInt(3, partition);
                ps.setLong(4, epoch);
                return ps.executeUpdate() == 1;
            }
        });
    }
}
