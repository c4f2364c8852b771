package jp.onplanetz.privacy.consent.rest;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jp.onplanetz.privacy.consent.policy.PolicyContent;
import jp.onplanetz.privacy.consent.service.PolicyService;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The purposes of the policy in force, for the apps that ask for consent: any authenticated caller. */
@Path("/api/v1/purposes")
@Tag(name = "policy")
public class PurposeResource {

    private final PolicyService policies;

    public PurposeResource(PolicyService policies) {
        this.policies = policies;
    }

    @GET
    @Authenticated
    @Operation(summary = "The purposes of the policy version in force, with their categories and legal basis")
    public List<PolicyContent.Purpose> list() {
        return policies.current().orElseThrow(() -> ProblemException.notFound("published policy")).content().purposes();
    }
}
