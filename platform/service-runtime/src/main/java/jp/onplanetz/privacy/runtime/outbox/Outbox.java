package jp.onplanetz.privacy.runtime.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes an event into the outbox inside the caller's transaction: the event exists if and only if the
 * change it reports was committed. The {@link OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager em;
    private final ObjectMapper json;
    private final OutboxConfig config;
    private final Event<OutboxWritten> written;

    public Outbox(EntityManager em, ObjectMapper json, OutboxConfig config, Event<OutboxWritten> written) {
        this.em = em;
        this.json = json;
        this.config = config;
        this.written = written;
    }

    /**
     * Adds an event about one data subject.
     *
     * @param subjectId the subject's opaque id: the CloudEvents subject and the Kafka record key
     * @param payload   the event's record of the event contract ({@link EventType#payloadType()})
     * @return the event's id
     * @throws IllegalStateException if the payload does not match the type's published schema (a bug:
     *                               the change is rolled back rather than an invalid event published)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <P> UUID publish(EventType<P> type, String subjectId, P payload) {
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(payload, "payload");
        String body = serialize(payload);
        List<String> violations = EventSchemas.violations(type, body);
        if (!violations.isEmpty()) {
            throw new IllegalStateException(type.name() + " payload breaks its schema: " + violations);
        }
        // Transactions that write events for the same key queue here until the earlier one commits, so
        // that the order of seq equals the order of commit for each key: the relay, which sends by seq,
        // can then never overtake an older event of the same subject that is still uncommitted.
        lockKey(subjectId);

        OutboxEvent e = new OutboxEvent();
        e.id = UUID.randomUUID();
        e.topic = type.topic();
        e.recordKey = subjectId;
        e.type = type.type();
        e.source = Services.source(config.service());
        e.subject = subjectId;
        e.time = DatabaseClock.now();
        e.dataSchema = type.dataSchema();
        e.payload = body;
        em.persist(e);
        written.fire(new OutboxWritten(e.id));
        return e.id;
    }

    /**
     * Waits until no other transaction holds {@code key}'s lock, then holds it until this transaction ends.
     * {@link #publish} takes it for every event; a service takes it earlier when it must read a subject's
     * state and write an event about it without another writer slipping in between (read, decide, write).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockKey(String key) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, key).getSingleResult();
    }

    /**
     * Like {@link #lockKey} but shared: many transactions may hold it together, and they all wait for (and
     * hold off) one that takes {@link #lockKey} on the same key. A service uses it when many writers may
     * go on at once but must not overlap a rare writer that changes what they all rely on.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockKeyShared(String key) {
        em.createNativeQuery("select pg_advisory_xact_lock_shared(hashtextextended(?1, 0))")
                .setParameter(1, key).getSingleResult();
    }

    private String serialize(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload is not serialisable", e);
        }
    }

    /** Fired inside the writing transaction; the relay observes it after commit to send at once. */
    public record OutboxWritten(UUID eventId) {
    }
}
