package jp.onplanetz.privacy.deploy.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.identity.ServiceSecurity.Access;
import jp.onplanetz.privacy.deploy.identity.ServiceSecurity.Endpoint;
import jp.onplanetz.privacy.deploy.identity.ServiceSecurity.RestCall;
import jp.onplanetz.privacy.deploy.identity.ServiceSecurity.Service;
import jp.onplanetz.privacy.deploy.render.Overlay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm each overlay imports agrees with the services' code: every role an endpoint allows or code checks is a
 * realm role and every realm role is one of those, each service's client is a confidential service-account client
 * whose account holds the roles its calls need, and every token carries the audience the services require.
 */
class RealmMatchesServicesTest {

    private static final ServiceSecurity CODE = ServiceSecurity.scan();

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void theImportedRealmAgreesWithTheServices(Overlay overlay) {
        assertThat(RealmAgreement.findings(Realms.rendered(overlay), CODE)).isEmpty();
    }

    @Test
    void theRealmFileAgreesWithTheServices() throws Exception {
        assertThat(RealmAgreement.findings(Realms.bind(Realms.sourceTree()), CODE)).isEmpty();
    }

    /** The agreement above means something only if the scan found the services' security as it is written. */
    @Test
    void theScanSeesEachServicesEndpointsRolesAndCalls() {
        assertThat(CODE.services()).extracting(Service::name)
                .containsExactlyInAnyOrderElementsOf(ServiceSecurity.MODULES);
        for (Service service : CODE.services()) {
            assertThat(service.oidcClientId()).as("client id of %s", service.name()).isEqualTo(service.name());
            assertThat(service.endpoints()).as("endpoints of %s", service.name())
                    .anySatisfy(e -> assertThat(e.access().kind()).isEqualTo(Access.Kind.ROLES));
            assertThat(service.endpoints()).as("endpoints of %s", service.name())
                    .allSatisfy(e -> assertThat(e.access().kind()).isNotEqualTo(Access.Kind.UNANNOTATED));
        }
        // The one call between services today: disclosure-log-service asks consent-service where a consent stood.
        assertThat(CODE.service("disclosure-log-service").orElseThrow().calls())
                .anySatisfy(c -> assertThat(c.target()).isEqualTo("consent-service"))
                .allSatisfy(c -> assertThat(c.oidcFilter()).isTrue());
        assertThat(CODE.roleChecks()).as("roles checked in code (SubjectAccess, the resources)").isNotEmpty();
        assertThat(CODE.dynamicRoleChecks()).isEmpty();
        assertThat(CODE.audience()).isNotBlank();
    }

    /** Renaming any realm role (in its definition and wherever the realm grants it) without the code is found. */
    @Test
    void renamingAnyRoleInTheRealmAloneIsFound() throws Exception {
        ObjectNode source = Realms.sourceTree();
        for (String role : RealmAgreement.realmRoles(Realms.bind(source)).keySet()) {
            String renamed = role + "-renamed";
            JsonNode changed = Realms.STRICT.readTree(Realms.STRICT.writeValueAsString(source)
                    .replace("\"" + role + "\"", "\"" + renamed + "\""));

            assertThat(RealmAgreement.findings(Realms.bind(changed), CODE)).as(role)
                    .anySatisfy(f -> assertThat(f).startsWith("role " + role + " "))
                    .anySatisfy(f -> assertThat(f).startsWith("realm role " + renamed + " "));
        }
    }

    /** Renaming any role in the code (every @RolesAllowed and check naming it) without the realm is found. */
    @Test
    void renamingAnyRoleInTheCodeAloneIsFound() throws Exception {
        RealmRepresentation realm = Realms.bind(Realms.sourceTree());
        for (String role : CODE.rolesInCode()) {
            String renamed = role + "-renamed";

            assertThat(RealmAgreement.findings(realm, CODE.withRoleRenamed(role, renamed))).as(role)
                    .anySatisfy(f -> assertThat(f).startsWith("role " + renamed + " "))
                    .anySatisfy(f -> assertThat(f).startsWith("realm role " + role + " "));
        }
    }

    /** A service account without a role the called endpoint requires is found, for every call between services. */
    @Test
    void aCallerWithoutTheRoleTheCalledEndpointRequiresIsFound() throws Exception {
        for (Service caller : CODE.services()) {
            for (RestCall call : caller.calls()) {
                Set<String> required = CODE.service(call.target()).orElseThrow().endpoints().stream()
                        .filter(e -> e.httpMethod().equals(call.httpMethod()) && e.path().equals(call.path()))
                        .map(Endpoint::access).flatMap(a -> a.roles().stream()).collect(Collectors.toSet());
                if (required.isEmpty()) {
                    continue; // a public endpoint (the policy in force): any caller may
                }
                RealmRepresentation realm = Realms.bind(Realms.sourceTree());
                RealmAgreement.serviceAccount(realm, caller.oidcClientId()).orElseThrow().getRealmRoles()
                        .removeAll(required);

                assertThat(RealmAgreement.findings(realm, CODE)).as(call.where())
                        .anySatisfy(f -> assertThat(f).startsWith(call.where()).contains("service account holds"));
            }
        }
    }

    /** Any client losing its audience mapper is found: its tokens would be refused by every service. */
    @Test
    void aClientWhoseTokensLackTheAudienceIsFound() throws Exception {
        for (ClientRepresentation client : Realms.bind(Realms.sourceTree()).getClients()) {
            RealmRepresentation realm = Realms.bind(Realms.sourceTree());
            List<ProtocolMapperRepresentation> mappers = RealmAgreement.client(realm, client.getClientId())
                    .orElseThrow().getProtocolMappers();
            mappers.removeIf(m -> RealmAgreement.AUDIENCE_MAPPER.equals(m.getProtocolMapper()));

            assertThat(RealmAgreement.findings(realm, CODE)).as(client.getClientId())
                    .anySatisfy(f -> assertThat(f).startsWith("client " + client.getClientId() + "'s tokens lack"));
        }
    }
}
