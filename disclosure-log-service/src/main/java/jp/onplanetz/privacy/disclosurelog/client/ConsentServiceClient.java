package jp.onplanetz.privacy.disclosurelog.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * consent-service, as this service calls it: the policy in force (public) for the recipients a record may name,
 * and the standing of a consent at a moment, with this service's own client-credentials token.
 */
@RegisterRestClient(configKey = "consent-service")
@OidcClientFilter
public interface ConsentServiceClient {

    @GET
    @Path("/api/v1/policy")
    JsonNode policyInForce();

    @GET
    @Path("/api/v1/consents/{consentId}/standing")
    JsonNode standing(@PathParam("consentId") String consentId, @QueryParam("at") String at);
}
