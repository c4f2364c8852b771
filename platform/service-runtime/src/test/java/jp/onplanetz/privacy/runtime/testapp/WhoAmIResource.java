package jp.onplanetz.privacy.runtime.testapp;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jp.onplanetz.privacy.runtime.security.Roles;

import java.util.Map;
import java.util.TreeSet;

/** An endpoint only a service account may call, telling who called. */
@Path("/test/whoami")
public class WhoAmIResource {
    private final SecurityIdentity identity;

    public WhoAmIResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Roles.SVC_CONSENT)
    public Map<String, Object> whoAmI() {
        return Map.of("principal", identity.getPrincipal().getName(), "roles", new TreeSet<>(identity.getRoles()));
    }
}
