package jp.onplanetz.privacy.analytics.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jp.onplanetz.privacy.analytics.service.ReleaseQueries;
import jp.onplanetz.privacy.runtime.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.util.List;

/** The privacy-budget ledger: officers read every recipient's months; nobody writes it but the release job. */
@Path("/api/v1/privacy-budgets")
@Tag(name = "statistics releases")
public class PrivacyBudgetsResource {

    public record BudgetView(String recipient, String period, BigDecimal cap, BigDecimal spent, BigDecimal remaining) {
    }

    private final ReleaseQueries releases;

    public PrivacyBudgetsResource(ReleaseQueries releases) {
        this.releases = releases;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Each recipient's privacy budget per month: cap, spent, remaining")
    public List<BudgetView> list(@QueryParam("recipient") String recipient) {
        return releases.budgets(recipient).stream().map(b -> new BudgetView(b.key.recipient(), b.key.period(),
                b.cap.stripTrailingZeros(), b.spent.stripTrailingZeros(),
                b.cap.subtract(b.spent).stripTrailingZeros())).toList();
    }
}
