package jp.onplanetz.privacy.consent.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.consent.ConsentRecord;
import jp.onplanetz.privacy.consent.PolicyDraft;
import jp.onplanetz.privacy.consent.PolicyVersion;
import jp.onplanetz.privacy.consent.decision.PolicySnapshot;
import jp.onplanetz.privacy.consent.policy.PolicyCanon;
import jp.onplanetz.privacy.consent.policy.PolicyChange;
import jp.onplanetz.privacy.consent.policy.PolicyContent;
import jp.onplanetz.privacy.consent.policy.PolicyDiff;
import jp.onplanetz.privacy.consent.repository.ConsentRepository;
import jp.onplanetz.privacy.consent.repository.PolicyRepository;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.payload.PolicyChangeNotice;
import jp.onplanetz.privacy.events.payload.PolicyVersionPublished;
import jp.onplanetz.privacy.events.payload.PolicyVersionPublishedV2;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The policy's draft and published versions. Publishing classifies every change against the previous
 * version, marks the consents a consent-required change voids, and tells each affected subject, all in the
 * transaction that stores the version: a version is never live without its consequences.
 */
@ApplicationScoped
@Transactional
public class PolicyService {

    /** Who publishes the seeded policy text as the first version. */
    public static final String SEED_ACTOR = "policy-seed";

    private final PolicyRepository policies;
    private final ConsentRepository consents;
    private final ConsentService consentService;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Event<PolicyPublished> published;

    public PolicyService(PolicyRepository policies, ConsentRepository consents, ConsentService consentService,
            Outbox outbox, ObjectMapper json, Event<PolicyPublished> published) {
        this.policies = policies;
        this.consents = consents;
        this.consentService = consentService;
        this.outbox = outbox;
        this.json = json;
        this.published = published;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PolicySnapshot> current() {
        return policies.latest().map(PolicyService::snapshot);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PolicyVersion> latestVersion() {
        return policies.latest();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PolicyVersion> version(String hash) {
        return policies.byHash(hash);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PolicyVersion> versions() {
        return policies.newestFirst();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public PolicyContent draft() {
        return PolicyCanon.parse(policies.draft().content);
    }

    /** The differences a publication of the draft would make now, classified. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PolicyChange> pendingChanges() {
        PolicyContent draft = draft();
        return current().map(v -> PolicyDiff.between(v.content(), draft)).orElse(List.of());
    }

    /**
     * Applies one edit to the draft. The edited draft must still be a usable policy (every reference
     * resolves); otherwise nothing changes and the caller hears which field is wrong.
     */
    public PolicyContent editDraft(UnaryOperator<PolicyContent> edit, String actor) {
        PolicyDraft draft = policies.draftForUpdate();
        PolicyContent edited = edit.apply(PolicyCanon.parse(draft.content));
        List<PolicyContent.Violation> violations = edited.violations();
        if (!violations.isEmpty()) {
            PolicyContent.Violation v = violations.get(0);
            throw ProblemException.invalidField(v.field(), v.reason());
        }
        draft.content = PolicyCanon.canonicalJson(edited);
        draft.updatedAt = DatabaseClock.now();
        draft.updatedBy = actor;
        return edited;
    }

    /** Publishes the seeded draft as version 1 if nothing is published yet; one replica does it. */
    public void publishFirstVersionIfNone() {
        outbox.lockKey(EventCatalogue.POLICY_KEY);
        if (policies.latest().isEmpty()) {
            PolicyVersion v = publish("The privacy policy of 2018-10-05 (shared/policy/privacy-policy.txt).", SEED_ACTOR);
            Log.infof("published the seeded policy as version 1 (%s)", v.hash);
        }
    }

    /**
     * Publishes the draft as the next version.
     *
     * @throws ProblemException 409 if the draft equals the current version (nothing to publish)
     */
    public PolicyVersion publish(String summary, String actor) {
        outbox.lockKey(EventCatalogue.POLICY_KEY);
        PolicyContent content = PolicyCanon.parse(policies.draftForUpdate().content);
        List<PolicyContent.Violation> violations = content.violations();
        if (!violations.isEmpty()) {
            throw ProblemException.invalidField(violations.get(0).field(), violations.get(0).reason());
        }
        String hash = PolicyCanon.hash(content);
        Optional<PolicyVersion> previous = policies.latest();
        if (previous.isPresent() && previous.get().hash.equals(hash)) {
            throw ProblemException.conflict("nothing-to-publish", "the draft equals version " + previous.get().number
                    + " (" + hash + ")");
        }
        if (policies.byHash(hash).isPresent()) {
            // Going back to an older version's exact content is a new publication, but its hash would
            // collide with the old version's identity: the officer must make the difference visible.
            throw ProblemException.conflict("version-exists", "the draft equals an earlier version (" + hash
                    + "); change its wording to publish it again as a new version");
        }
        PolicyContent before = previous.map(v -> PolicyCanon.parse(v.content)).orElse(null);
        List<PolicyChange> changes = before == null ? List.of() : PolicyDiff.between(before, content);

        PolicyVersion v = new PolicyVersion();
        v.number = previous.map(p -> p.number + 1).orElse(1);
        v.hash = hash;
        v.content = PolicyCanon.canonicalJson(content);
        v.previousHash = previous.map(p -> p.hash).orElse(null);
        v.publishedAt = DatabaseClock.now();
        v.publishedBy = actor;
        v.summary = summary;
        v.classification = before == null ? "initial"
                : PolicyDiff.overall(changes).map(PolicyChange.Classification::code).orElse("notice-only");
        v.changes = write(changes);
        policies.persist(v);

        int affectedSubjects = before == null ? 0 : notifyAffectedSubjects(before, v, changes);

        PolicyVersionPublished event = new PolicyVersionPublished(v.hash, v.number, v.previousHash, v.publishedAt, actor,
                summary, v.classification, PolicyChange.published(changes), affectedSubjects);
        outbox.publish(EventCatalogue.POLICY_VERSION_PUBLISHED, EventCatalogue.POLICY_KEY, event);
        // v2 carries the content as stored, every field of the canonical text, so that its RFC 8785 form hashes to the version
        outbox.publish(EventCatalogue.POLICY_VERSION_PUBLISHED_V2, EventCatalogue.POLICY_KEY,
                PolicyVersionPublishedV2.of(event, read(v.content, PolicyVersionPublishedV2.Content.class)));
        published.fire(new PolicyPublished(snapshot(v)));
        return v;
    }

    /**
     * Voids the consents a consent-required change touches and sends one notice per subject whose
     * consents any change touches. Walks every consent that counts: fine at the scale of one company's
     * users per publication, which is rare; a very large base would page through them.
     */
    private int notifyAffectedSubjects(PolicyContent before, PolicyVersion v, List<PolicyChange> changes) {
        if (changes.isEmpty()) {
            return 0;
        }
        Map<String, List<ConsentRecord>> bySubject = new TreeMap<>();
        for (ConsentRecord c : consents.granted()) {
            bySubject.computeIfAbsent(c.subjectId, s -> new ArrayList<>()).add(c);
        }
        int notified = 0;
        OffsetDateTime now = v.publishedAt;
        for (Map.Entry<String, List<ConsentRecord>> subject : bySubject.entrySet()) {
            List<PolicyChange> touching = new ArrayList<>();
            List<UUID> renew = new ArrayList<>();
            for (ConsentRecord c : subject.getValue()) {
                List<PolicyChange> voiding = new ArrayList<>();
                for (PolicyChange change : changes) {
                    if (change.touches(c.purpose, c.recipient, before)) {
                        if (!touching.contains(change)) {
                            touching.add(change);
                        }
                        if (change.voids(c.purpose, c.recipient, before)) {
                            voiding.add(change);
                        }
                    }
                }
                if (!voiding.isEmpty()) {
                    consentService.requireRenewal(c, voiding, v.hash, now);
                    renew.add(c.id);
                }
            }
            if (touching.isEmpty()) {
                continue;
            }
            PolicyChangeNotice notice = new PolicyChangeNotice(subject.getKey(), v.hash, v.previousHash,
                    renew.isEmpty() ? "notify" : "reconsent", PolicyChange.published(touching), renew);
            outbox.publish(EventCatalogue.POLICY_CHANGE_NOTICE, subject.getKey(), notice);
            notified++;
        }
        return notified;
    }

    public static PolicySnapshot snapshot(PolicyVersion v) {
        return new PolicySnapshot(v.number, v.hash, PolicyCanon.parse(v.content));
    }

    public List<PolicyChange> changesOf(PolicyVersion v) {
        try {
            return List.of(json.readValue(v.changes, PolicyChange[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored changes of version " + v.number + " are unreadable", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored policy content is unreadable", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
