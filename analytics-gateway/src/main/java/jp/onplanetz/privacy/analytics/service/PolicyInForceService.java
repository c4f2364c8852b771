package jp.onplanetz.privacy.analytics.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.PublishedPolicy;
import jp.onplanetz.privacy.analytics.repository.PolicyInForceRepository;
import jp.onplanetz.privacy.events.payload.PolicyVersionPublishedV2;

import java.time.Instant;
import java.util.Optional;

/**
 * The privacy policy in force, followed from consent-service's announcements of its versions. The policy is the
 * privacy officers' data: the gateway keeps a copy to publish the modules' external transmissions and to check the
 * recipients of its releases against it, never a list of its own.
 */
@ApplicationScoped
@Transactional
public class PolicyInForceService {

    private final PolicyInForceRepository policies;
    private final ObjectMapper json;

    public PolicyInForceService(PolicyInForceRepository policies, ObjectMapper json) {
        this.policies = policies;
        this.json = json;
    }

    /** Applies an announced version ({@code policy.version-published.v2}); an older one than the stored is ignored. */
    public void published(PolicyVersionPublishedV2 announcement) {
        int number = announcement.versionNumber();
        boolean kept = policies.keepIfNewer(number, announcement.policyVersion(), announcement.publishedAt().toInstant(),
                write(announcement.content()), Instant.now());
        if (kept) {
            Log.infof("policy version %d is in force", number);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PublishedPolicy> current() {
        return policies.current().map(p -> new PublishedPolicy(p.versionNumber(), p.policyVersion(), content(p.content())));
    }

    private String write(PolicyVersionPublishedV2.Content content) {
        try {
            return json.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private PolicyVersionPublishedV2.Content content(String text) {
        try {
            return json.readValue(text, PolicyVersionPublishedV2.Content.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored policy content is unreadable", e);
        }
    }
}
