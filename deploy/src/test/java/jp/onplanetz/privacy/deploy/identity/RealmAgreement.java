package jp.onplanetz.privacy.deploy.identity;

import jp.onplanetz.privacy.deploy.identity.ServiceSecurity.Access;
import jp.onplanetz.privacy.deploy.identity.ServiceSecurity.Endpoint;
import jp.onplanetz.privacy.deploy.identity.ServiceSecurity.RestCall;
import jp.onplanetz.privacy.deploy.identity.ServiceSecurity.Service;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a realm and the services' code disagree, each as a sentence; none means they agree. Kept apart from the
 * test so the test can also show that a rename on either side is found.
 */
final class RealmAgreement {
    /** Keycloak's mapper that adds a fixed audience to a token, and its settings. */
    static final String AUDIENCE_MAPPER = "oidc-audience-mapper";
    static final String AUDIENCE_SETTING = "included.custom.audience";
    static final String ACCESS_TOKEN_SETTING = "access.token.claim";
    /**
     * SubjectAccess (service-runtime) treats a caller holding any role with this prefix as a service acting for the
     * company, never as a data subject: so service accounts hold only such roles and people none.
     */
    static final String SERVICE_ROLE_PREFIX = "svc-";

    private RealmAgreement() {
    }

    static List<String> findings(RealmRepresentation realm, ServiceSecurity code) {
        List<String> findings = new ArrayList<>();
        code.dynamicRoleChecks().forEach(where -> findings.add(where + " tests a role that is not a constant"));
        Set<String> realmRoles = realmRoles(realm).keySet();
        Set<String> inCode = code.rolesInCode();
        for (String role : inCode) {
            if (!realmRoles.contains(role)) {
                findings.add("role " + role + " is allowed or checked by " + usesOf(role, code)
                        + " but the realm has no such role");
            }
        }
        for (String role : realmRoles) {
            if (!inCode.contains(role)) {
                findings.add("realm role " + role + " is allowed by no endpoint and checked nowhere");
            }
        }
        if (realm.getRoles() != null && realm.getRoles().getClient() != null
                && realm.getRoles().getClient().values().stream().anyMatch(roles -> !roles.isEmpty())) {
            findings.add("the realm defines client roles: the services read only realm roles (realm_access/roles)");
        }
        for (Service service : code.services()) {
            findings.addAll(serviceClient(realm, service));
            for (RestCall call : service.calls()) {
                findings.addAll(call(realm, code, service, call));
            }
        }
        for (ClientRepresentation client : list(realm.getClients())) {
            if (!putsAudience(realm, client, code.audience())) {
                findings.add("client " + client.getClientId() + "'s tokens lack the audience " + code.audience()
                        + " the services require (an " + AUDIENCE_MAPPER + " on the client or a default client scope)");
            }
        }
        for (UserRepresentation user : list(realm.getUsers())) {
            Set<String> roles = effectiveRoles(realm, user);
            boolean serviceAccount = user.getServiceAccountClientId() != null;
            roles.stream().filter(r -> r.startsWith(SERVICE_ROLE_PREFIX) != serviceAccount).forEach(r -> findings.add(
                    (serviceAccount ? "service account " : "person ") + user.getUsername() + " holds " + r + ": "
                            + (serviceAccount ? "a service account holds only " : "a person holds no ")
                            + SERVICE_ROLE_PREFIX + "* roles (SubjectAccess)"));
        }
        return findings;
    }

    /** The service's own client: confidential, client credentials only, with its service account user. */
    private static List<String> serviceClient(RealmRepresentation realm, Service service) {
        String clientId = service.oidcClientId();
        Optional<ClientRepresentation> found = client(realm, clientId);
        if (found.isEmpty()) {
            return List.of(service.name() + " takes tokens as client " + clientId + ", which the realm lacks");
        }
        ClientRepresentation client = found.get();
        List<String> findings = new ArrayList<>();
        if (!Boolean.TRUE.equals(client.isEnabled())) {
            findings.add("client " + clientId + " is not enabled");
        }
        if (!Boolean.FALSE.equals(client.isPublicClient()) || Boolean.TRUE.equals(client.isBearerOnly())) {
            findings.add("client " + clientId + " is not confidential (publicClient false, not bearer-only)");
        }
        if (!"client-secret".equals(Objects.requireNonNullElse(client.getClientAuthenticatorType(), "client-secret"))) {
            findings.add("client " + clientId + " does not authenticate with a client secret, which the service sends");
        }
        if (!Boolean.TRUE.equals(client.isServiceAccountsEnabled())) {
            findings.add("client " + clientId + " has no service account (client credentials grant)");
        }
        if (serviceAccount(realm, clientId).isEmpty()) {
            findings.add("client " + clientId + " has no service account user carrying its roles");
        }
        return findings;
    }

    /** A call the service makes with its token reaches an endpoint that lets its service account in. */
    private static List<String> call(RealmRepresentation realm, ServiceSecurity code, Service caller, RestCall call) {
        String what = call.where() + " (" + call.httpMethod() + " " + call.target() + call.path() + ")";
        Optional<Service> target = code.service(call.target());
        if (target.isEmpty()) {
            return List.of(what + " names no service of the suite");
        }
        List<Endpoint> endpoints = target.get().endpoints().stream()
                .filter(e -> e.httpMethod().equals(call.httpMethod()) && e.path().equals(call.path())).toList();
        if (endpoints.isEmpty()) {
            return List.of(what + " calls an endpoint " + call.target() + " does not have");
        }
        Set<String> held = serviceAccount(realm, caller.oidcClientId()).map(u -> effectiveRoles(realm, u))
                .orElse(Set.of());
        List<String> findings = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            Access access = endpoint.access();
            switch (access.kind()) {
                case PERMIT_ALL -> {
                }
                case AUTHENTICATED, ROLES -> {
                    if (!call.oidcFilter()) {
                        findings.add(what + " sends no token but " + endpoint.where() + " requires one");
                    } else if (access.kind() == Access.Kind.ROLES
                            && access.roles().stream().noneMatch(held::contains)) {
                        findings.add(what + ": " + endpoint.where() + " allows " + access.roles() + " and "
                                + caller.oidcClientId() + "'s service account holds " + held);
                    }
                }
                case DENY_ALL, UNANNOTATED -> findings.add(what + ": " + endpoint.where() + " lets nobody in");
            }
        }
        return findings;
    }

    private static boolean putsAudience(RealmRepresentation realm, ClientRepresentation client, String audience) {
        List<String> scopes = client.getDefaultClientScopes() != null ? client.getDefaultClientScopes()
                : list(realm.getDefaultDefaultClientScopes());
        Stream<ProtocolMapperRepresentation> fromScopes = list(realm.getClientScopes()).stream()
                .filter(s -> scopes.contains(s.getName()))
                .flatMap((ClientScopeRepresentation s) -> list(s.getProtocolMappers()).stream());
        return Stream.concat(list(client.getProtocolMappers()).stream(), fromScopes).anyMatch(m ->
                AUDIENCE_MAPPER.equals(m.getProtocolMapper()) && m.getConfig() != null
                        && audience.equals(m.getConfig().get(AUDIENCE_SETTING))
                        && "true".equals(m.getConfig().get(ACCESS_TOKEN_SETTING)));
    }

    static Optional<ClientRepresentation> client(RealmRepresentation realm, String clientId) {
        return list(realm.getClients()).stream().filter(c -> clientId.equals(c.getClientId())).findFirst();
    }

    static Optional<UserRepresentation> serviceAccount(RealmRepresentation realm, String clientId) {
        return list(realm.getUsers()).stream().filter(u -> clientId.equals(u.getServiceAccountClientId())).findFirst();
    }

    /** A user's realm roles with the composites they include. */
    static Set<String> effectiveRoles(RealmRepresentation realm, UserRepresentation user) {
        Map<String, RoleRepresentation> roles = realmRoles(realm);
        Set<String> effective = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(list(user.getRealmRoles()));
        while (!pending.isEmpty()) {
            String role = pending.pop();
            if (effective.add(role)) {
                RoleRepresentation representation = roles.get(role);
                if (representation != null && representation.getComposites() != null) {
                    pending.addAll(list(representation.getComposites().getRealm()));
                }
            }
        }
        return effective;
    }

    static Map<String, RoleRepresentation> realmRoles(RealmRepresentation realm) {
        Map<String, RoleRepresentation> roles = new java.util.LinkedHashMap<>();
        if (realm.getRoles() != null) {
            list(realm.getRoles().getRealm()).forEach(r -> roles.put(r.getName(), r));
        }
        return roles;
    }

    private static String usesOf(String role, ServiceSecurity code) {
        List<String> uses = new ArrayList<>();
        code.services().forEach(s -> s.endpoints().stream().filter(e -> e.access().roles().contains(role))
                .forEach(e -> uses.add(e.where())));
        code.roleChecks().stream().filter(c -> c.role().equals(role)).forEach(c -> uses.add(c.where()));
        return uses.size() > 3 ? uses.subList(0, 3) + " and " + (uses.size() - 3) + " more" : uses.toString();
    }

    private static <T> List<T> list(Collection<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
