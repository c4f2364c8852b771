package jp.onplanetz.privacy.analytics.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jp.onplanetz.privacy.analytics.ReleaseDefinition;
import jp.onplanetz.privacy.analytics.service.ReleaseDefinitionService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The published notice of what the analytics module sends outside the company (Japan's Telecommunications Business
 * Act, Art. 27-12, external transmission rule): for every recipient, what data, for what purpose, since when. Open
 * to anyone without an account, as a notice must be. The gateway's releases are its only external transmissions;
 * a definition stays listed after it is retired, with its end, so the notice covers what was sent as well.
 */
@Path("/api/v1/external-transmissions")
@Tag(name = "published notices")
@PermitAll
public class ExternalTransmissionsResource {

    static final String MARKDOWN = "text/markdown;charset=UTF-8";
    static final String WHAT_IS_SENT = "anonymised statistics: the number of distinct people per combination of"
            + " the attributes listed, with counts of fewer people than the minimum withheld and random noise added;"
            + " no identifier, cookie, terminal id, IP address or individual record is ever sent";

    public record Transmission(String recipient, String recipientName, String purpose, String data,
            List<String> attributes, String every, OffsetDateTime since, OffsetDateTime until,
            int minimumPeoplePerCount, BigDecimal epsilonPerRelease) {
    }

    private final ReleaseDefinitionService definitions;

    public ExternalTransmissionsResource(ReleaseDefinitionService definitions) {
        this.definitions = definitions;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every external transmission of the analytics module (public notice)")
    public List<Transmission> json() {
        return definitions.all().stream().map(ExternalTransmissionsResource::transmission).toList();
    }

    @GET
    @Produces(MARKDOWN)
    @Operation(summary = "The same notice as Markdown, for publication on the company's site")
    public String markdown() {
        StringBuilder md = new StringBuilder("# External transmissions of the analytics module\n\n");
        md.append("What our usage analytics sends to other companies, to whom, and why. Nothing else leaves it.\n");
        List<Transmission> all = json();
        if (all.isEmpty()) {
            md.append("\nNothing is sent to anyone at present.\n");
        }
        for (Transmission t : all) {
            md.append("\n## ").append(t.recipientName()).append(" (").append(t.recipient()).append(")\n\n")
                    .append("- Purpose: ").append(t.purpose()).append('\n')
                    .append("- Data: ").append(t.data()).append('\n')
                    .append("- Attributes: ").append(String.join(", ", t.attributes())).append('\n')
                    .append("- Sent: every ").append(t.every()).append(", since ").append(t.since())
                    .append(t.until() == null ? "" : ", until " + t.until()).append('\n')
                    .append("- No count of fewer than ").append(t.minimumPeoplePerCount()).append(" people is sent\n");
        }
        return md.toString();
    }

    private static Transmission transmission(ReleaseDefinition d) {
        return new Transmission(d.recipient, d.recipientName, d.purpose, WHAT_IS_SENT, d.dimensionList(),
                Duration.ofSeconds(d.windowSeconds).toString(), d.startsAt.withOffsetSameInstant(ZoneOffset.UTC),
                d.retiredAt == null ? null : d.retiredAt.withOffsetSameInstant(ZoneOffset.UTC), d.minPeoplePerCell,
                d.epsilon.stripTrailingZeros());
    }
}
