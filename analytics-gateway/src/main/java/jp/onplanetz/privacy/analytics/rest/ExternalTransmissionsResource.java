package jp.onplanetz.privacy.analytics.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jp.onplanetz.privacy.analytics.PublishedPolicy;
import jp.onplanetz.privacy.analytics.ReleaseDefinition;
import jp.onplanetz.privacy.analytics.service.PolicyInForceService;
import jp.onplanetz.privacy.analytics.service.ReleaseDefinitionService;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.events.payload.PolicyVersionPublishedV2;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static jp.onplanetz.privacy.runtime.time.UtcTimes.utc;

/**
 * The published notice of what leaves the company about the users of its site (Japan's Telecommunications Business
 * Act, Art. 27-12, external transmission rule): every external transmission, to whom, what data, for what purpose.
 * Open to anyone without an account, as a notice must be. Two kinds, in this order:
 * <ul>
 * <li>the modules the site incorporates, which send user information from the user's browser or device to their
 * provider (the policy's Art. 7: Google Analytics), with the provider's privacy policy and how to opt out: from the
 * recipients of the policy in force, which privacy officers maintain in consent-service;</li>
 * <li>the gateway's releases of anonymised statistics, one per release definition: a definition stays listed after
 * it is retired, with its end, so the notice covers what was sent as well.</li>
 * </ul>
 */
@Path("/api/v1/external-transmissions")
@Tag(name = "published notices")
@PermitAll
public class ExternalTransmissionsResource {

    static final String MARKDOWN = "text/markdown;charset=UTF-8";
    static final String MODULE = "information-collection-module";
    static final String STATISTICS = "statistics-release";
    static final String WHAT_IS_SENT = "anonymised statistics: the number of distinct people per combination of"
            + " the attributes listed, with counts of fewer people than the minimum withheld and random noise added;"
            + " no identifier, cookie, terminal id, IP address or individual record is ever sent";

    /**
     * One external transmission. {@code kind} {@value #MODULE}: {@code data} names the policy's categories the module
     * sends and {@code attributes} their codes; {@code module}, {@code privacyPolicy}, {@code optOut} and
     * {@code policyRef} are set, the statistics' fields null. {@code kind} {@value #STATISTICS}: the other way round.
     */
    public record Transmission(String kind, String recipient, String recipientName, String purpose, String data,
            List<String> attributes, String module, String privacyPolicy, String optOut, String policyRef, String every,
            OffsetDateTime since, OffsetDateTime until, Integer minimumPeoplePerCount, BigDecimal epsilonPerRelease) {
    }

    private final ReleaseDefinitionService definitions;
    private final PolicyInForceService policy;

    public ExternalTransmissionsResource(ReleaseDefinitionService definitions, PolicyInForceService policy) {
        this.definitions = definitions;
        this.policy = policy;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every external transmission: the site's modules (from the policy in force) first, then the"
            + " statistics releases (public notice); 503 until the policy in force has reached the gateway")
    public List<Transmission> json() {
        PublishedPolicy inForce = policy.current().orElseThrow(() -> new ProblemException(Problem.of(
                Response.Status.SERVICE_UNAVAILABLE, "policy-not-yet-known", "The policy in force has not reached this"
                        + " service yet: the notice cannot list the modules' transmissions without it.")));
        List<Transmission> all = new ArrayList<>();
        inForce.content().recipients().stream().filter(r -> r.externalTransmission() != null)
                .sorted(Comparator.comparing(PolicyVersionPublishedV2.Recipient::code))
                .forEach(r -> all.add(module(inForce, r)));
        definitions.all().forEach(d -> all.add(statistics(d)));
        return all;
    }

    @GET
    @Produces(MARKDOWN)
    @Operation(summary = "The same notice as Markdown, for publication on the company's site")
    public String markdown() {
        List<Transmission> all = json();
        StringBuilder md = new StringBuilder("# External transmissions\n\n");
        md.append("What is sent about the users of our site to other companies, to whom, and why. Nothing else is sent.\n");
        md.append("\n## Modules on our site\n\n");
        md.append("These modules send information from your browser or device to their provider while you use our site.\n");
        List<Transmission> modules = all.stream().filter(t -> t.kind().equals(MODULE)).toList();
        if (modules.isEmpty()) {
            md.append("\nOur site incorporates no such module at present.\n");
        }
        for (Transmission t : modules) {
            md.append("\n### ").append(t.module()).append(" (").append(t.recipientName()).append(")\n\n")
                    .append("- Sent to: ").append(t.recipientName()).append(" (").append(t.recipient()).append(")\n")
                    .append("- Data: ").append(t.data()).append('\n')
                    .append("- Purpose: ").append(t.purpose()).append('\n')
                    .append("- The provider's privacy policy: ").append(t.privacyPolicy()).append('\n')
                    .append("- How to opt out: ").append(t.optOut()).append('\n');
            if (t.policyRef() != null) {
                md.append("- Our privacy policy: ").append(t.policyRef()).append('\n');
            }
        }
        md.append("\n## Anonymised statistics\n");
        List<Transmission> releases = all.stream().filter(t -> t.kind().equals(STATISTICS)).toList();
        if (releases.isEmpty()) {
            md.append("\nNo statistics are sent to anyone at present.\n");
        }
        for (Transmission t : releases) {
            md.append("\n### ").append(t.recipientName()).append(" (").append(t.recipient()).append(")\n\n")
                    .append("- Purpose: ").append(t.purpose()).append('\n')
                    .append("- Data: ").append(t.data()).append('\n')
                    .append("- Attributes: ").append(String.join(", ", t.attributes())).append('\n')
                    .append("- Sent: every ").append(t.every()).append(", since ").append(t.since())
                    .append(t.until() == null ? "" : ", until " + t.until()).append('\n')
                    .append("- No count of fewer than ").append(t.minimumPeoplePerCount()).append(" people is sent\n");
        }
        return md.toString();
    }

    private static Transmission module(PublishedPolicy p, PolicyVersionPublishedV2.Recipient r) {
        PolicyVersionPublishedV2.ExternalTransmission t = r.externalTransmission();
        String data = String.join("; ", t.categories().stream().map(p::categoryName).toList());
        return new Transmission(MODULE, r.code(), r.name(), t.purpose(), data, t.categories(), t.module(),
                t.privacyPolicy(), t.optOut(), t.policyRef(), null, null, null, null, null);
    }

    private static Transmission statistics(ReleaseDefinition d) {
        return new Transmission(STATISTICS, d.recipient, d.recipientName, d.purpose, WHAT_IS_SENT, d.dimensionList(),
                null, null, null, null, Duration.ofSeconds(d.windowSeconds).toString(),
                utc(d.startsAt), utc(d.retiredAt), d.minPeoplePerCell,
                d.epsilon.stripTrailingZeros());
    }
}
