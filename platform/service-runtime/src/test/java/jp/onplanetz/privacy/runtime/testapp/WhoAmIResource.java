package jp.onplanetz.privacy.runtime.testapp;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jp.onplanetz.privacy.runtime.security.Roles;

import java.util.Map;
import java.util.TreeSet;

/**
 * An endpoint only a service account may call, telling who called, and the {@code X-Probe} header of the request
 * its identity's routing context belongs to (so a test can see that an identity never carries another request's).
 */
@Path("/test/whoami")
public class WhoAmIResource {
    private final SecurityIdentity identity;

    public WhoAmIResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Roles.SVC_CONSENT)
    public Map<String, Object> whoAmI() {
        RoutingContext routing = identity.getAttribute(RoutingContext.class.getName());
        String probe = routing == null ? null : routing.request().getHeader("X-Probe");
        return Map.of("principal", identity.getPrincipal().getName(), "roles", new TreeSet<>(identity.getRoles()),
                "probe", probe == null ? "" : probe);
    }
}
