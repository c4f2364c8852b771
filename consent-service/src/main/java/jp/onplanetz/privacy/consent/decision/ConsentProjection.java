package jp.onplanetz.privacy.consent.decision;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory state decisions are read from: the published policy and every subject's consents. Filled at
 * start from the database, then kept current from the consent and policy events, so that each replica
 * sees every change whichever replica made it. Readers never lock: a subject's consents are an immutable
 * map replaced whole on each change.
 */
@ApplicationScoped
public class ConsentProjection {

    private volatile ConcurrentHashMap<String, Map<UUID, ConsentState>> bySubject = new ConcurrentHashMap<>();
    private volatile PolicySnapshot policy;
    private volatile boolean loaded;

    public Optional<PolicySnapshot> policy() {
        return Optional.ofNullable(policy);
    }

    /** Takes a policy version unless a newer one is already known (events may overlap the start-up snapshot). */
    public synchronized void policy(PolicySnapshot version) {
        if (policy == null || version.number() > policy.number()) {
            policy = version;
        }
    }

    /** The subject's open consent for exactly this purpose and recipient, if any. */
    public Optional<ConsentState> openConsent(String subjectId, String purpose, String recipient) {
        Map<UUID, ConsentState> consents = bySubject.get(subjectId);
        if (consents == null) {
            return Optional.empty();
        }
        return consents.values().stream().filter(c -> c.isOpen() && c.isFor(purpose, recipient)).findFirst();
    }

    /**
     * Applies a consent's state. A state never moves backwards, so a late or repeated event (the stream
     * overlapping the start-up snapshot, a redelivery) changes nothing.
     */
    public void apply(ConsentState state) {
        bySubject.compute(state.subjectId(), (subject, current) -> {
            ConsentState known = current == null ? null : current.get(state.consentId());
            if (known != null && known.state().ordinal() >= state.state().ordinal()) {
                return current;
            }
            Map<UUID, ConsentState> next = current == null ? new HashMap<>() : new HashMap<>(current);
            // A state event carries only what changed; keep what the grant said.
            next.put(state.consentId(), known == null ? state : known.withState(state.state()));
            return Map.copyOf(next);
        });
    }

    public void applyAll(Collection<ConsentState> states) {
        states.forEach(this::apply);
    }

    /**
     * Swaps in a fresh snapshot. Changes applied to the old map meanwhile are not lost: the event stream is
     * re-read from a position taken before the snapshot, and applying is idempotent.
     */
    public void replaceConsents(Collection<ConsentState> snapshot) {
        ConcurrentHashMap<String, Map<UUID, ConsentState>> fresh = new ConcurrentHashMap<>();
        for (ConsentState s : snapshot) {
            fresh.computeIfAbsent(s.subjectId(), k -> new HashMap<>()).put(s.consentId(), s);
        }
        fresh.replaceAll((k, v) -> Map.copyOf(v));
        bySubject = fresh;
    }

    public void markLoaded() {
        loaded = true;
    }

    /** Whether the start-up snapshot is in: until then the service is not ready (and would deny everything). */
    public boolean isLoaded() {
        return loaded;
    }

    public int subjectCount() {
        return bySubject.size();
    }
}
