package jp.onplanetz.privacy.runtime.testapp;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.Map;

/** How a service calls another: a REST client whose filter fetches and attaches a client-credentials token. */
@RegisterRestClient(configKey = "self")
@OidcClientFilter
@Path("/test/whoami")
public interface WhoAmIClient {
    @GET
    Map<String, Object> whoAmI();
}
