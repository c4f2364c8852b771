package jp.onplanetz.privacy.consent.rest;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jp.onplanetz.privacy.consent.Purpose;
import jp.onplanetz.privacy.consent.service.ConsentService;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The announced purposes of use: public policy content, readable by any authenticated caller. */
@Path("/api/v1/purposes")
@Tag(name = "purposes")
public class PurposeResource {

    public record PurposeView(String code, String name, String legalBasis, boolean thirdParty, String policyRef) {
    }

    private final ConsentService consents;

    public PurposeResource(ConsentService consents) {
        this.consents = consents;
    }

    @GET
    @Authenticated
    public List<PurposeView> list() {
        return consents.purposes().stream()
                .map((Purpose p) -> new PurposeView(p.code, p.name, p.legalBasis, p.thirdParty, p.policyRef)).toList();
    }
}
