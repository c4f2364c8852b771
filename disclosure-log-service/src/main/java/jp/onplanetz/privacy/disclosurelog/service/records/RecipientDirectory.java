package jp.onplanetz.privacy.disclosurelog.service.records;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jp.onplanetz.privacy.disclosurelog.client.ConsentServiceClient;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The third parties a record of provision may name: the recipients of the policy in force at consent-service,
 * the one place they are defined. Read at most every half minute: a newly published recipient is known here
 * within that, and an append does not cost a call.
 */
@ApplicationScoped
public class RecipientDirectory {

    /** What identifies a recipient in the record (APPI Rules Art. 20(1)(i)(b)). */
    public record Recipient(String code, String name, String address, String representative) {
    }

    private static final Duration FRESH_FOR = Duration.ofSeconds(30);

    private final ConsentServiceClient consentService;
    private volatile Map<String, Recipient> recipients;
    private volatile long readAt;

    public RecipientDirectory(@RestClient ConsentServiceClient consentService) {
        this.consentService = consentService;
    }

    public Optional<Recipient> find(String code) {
        Map<String, Recipient> known = current();
        Recipient r = known.get(code);
        if (r == null && System.nanoTime() - readAt > Duration.ofSeconds(1).toNanos()) {
            // Perhaps published a moment ago: read once more before calling the recipient unknown.
            r = reload().get(code);
        }
        return Optional.ofNullable(r);
    }

    private Map<String, Recipient> current() {
        Map<String, Recipient> known = recipients;
        if (known == null || System.nanoTime() - readAt > FRESH_FOR.toNanos()) {
            known = reload();
        }
        return known;
    }

    private synchronized Map<String, Recipient> reload() {
        JsonNode policy;
        try {
            policy = consentService.policyInForce();
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "consent-service-unavailable",
                    "The recipients of the policy cannot be read from consent-service now; retry later."));
        }
        Map<String, Recipient> read = new LinkedHashMap<>();
        for (JsonNode r : policy.path("content").path("recipients")) {
            read.put(r.path("code").asText(), new Recipient(r.path("code").asText(), r.path("name").asText(),
                    r.path("address").asText(), r.path("representative").isNull() ? null : r.path("representative").asText(null)));
        }
        recipients = Map.copyOf(read);
        readAt = System.nanoTime();
        return recipients;
    }
}
