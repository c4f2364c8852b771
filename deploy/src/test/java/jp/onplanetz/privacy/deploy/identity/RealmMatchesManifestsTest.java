package jp.onplanetz.privacy.deploy.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.identity.ServiceSecurity.Service;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import jp.onplanetz.privacy.deploy.rules.Workload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm each overlay imports and the pods it runs agree: the import names the overlay's Keycloak, and each service
 * asks that realm for tokens as its own client with the very secret the realm has for that client.
 */
class RealmMatchesManifestsTest {

    private static final ServiceSecurity CODE = ServiceSecurity.scan();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");
    /** The client secret's property, as a Deployment may name it (the upper-case form is Quarkus' env mapping). */
    private static final Set<String> CLIENT_SECRET = Set.of("quarkus.oidc-client.credentials.secret",
            "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET");
    /** Settings whose value the realm's agreement with the code was proven for: the pods must not change them. */
    private static final Set<String> FIXED_BY_THE_CODE = Set.of("quarkus.oidc-client.client-id",
            "QUARKUS_OIDC_CLIENT_CLIENT_ID", "quarkus.oidc.token.audience", "QUARKUS_OIDC_TOKEN_AUDIENCE",
            "quarkus.oidc.roles.role-claim-path", "QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH");

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void theImportNamesTheKeycloakTheOverlayRuns(Overlay overlay) {
        ObjectNode realmImport = Realms.realmImport(overlay);
        ObjectNode keycloak = Kustomize.render(overlay)
                .get("Keycloak", realmImport.path("spec").path("keycloakCRName").asText());

        assertThat(keycloak.path("apiVersion").asText()).isEqualTo(realmImport.path("apiVersion").asText());
        assertThat(keycloak.path("metadata").path("namespace").asText())
                .isEqualTo(realmImport.path("metadata").path("namespace").asText());
    }

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void eachServiceTakesTokensFromTheImportedRealmAsItsOwnClientWithTheRealmsSecret(Overlay overlay) {
        RealmRepresentation realm = Realms.rendered(overlay);
        JsonNode placeholders = Realms.realmImport(overlay).path("spec").path("placeholders");
        for (Service service : CODE.services()) {
            List<JsonNode> env = env(overlay, service.name());
            String what = overlay + " " + service.name();

            assertThat(value(env, Set.of("QUARKUS_OIDC_AUTH_SERVER_URL"))).as("%s's issuer", what)
                    .hasValueSatisfying(e -> assertThat(e.path("value").asText()).endsWith("/realms/" + realm.getRealm()));
            assertThat(env).as("%s overrides nothing the realm was proven against", what)
                    .noneMatch(e -> FIXED_BY_THE_CODE.contains(e.path("name").asText()));

            JsonNode reference = value(env, CLIENT_SECRET).map(v -> v.path("valueFrom").path("secretKeyRef"))
                    .filter(JsonNode::isObject)
                    .orElseThrow(() -> new AssertionError(what + " takes its client secret from no Secret"));
            ClientRepresentation client = RealmAgreement.client(realm, service.oidcClientId()).orElseThrow();
            Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(client.getSecret()));
            if (placeholder.matches()) {
                // Prod: the realm gets the secret from the same Secret and key as the pods.
                JsonNode fromImport = placeholders.path(placeholder.group(1)).path("secret");
                assertThat(reference.path("name").asText()).as(what).isEqualTo(fromImport.path("name").asText());
                assertThat(reference.path("key").asText()).as(what).isEqualTo(fromImport.path("key").asText());
            } else {
                // Local: the realm writes the secret; the overlay's Secret must hold the same.
                ObjectNode secret = Kustomize.render(overlay).get("Secret", reference.path("name").asText());
                String data = secret.path("data").path(reference.path("key").asText()).asText();
                assertThat(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8)).as(what)
                        .isEqualTo(client.getSecret());
            }
        }
    }

    private static List<JsonNode> env(Overlay overlay, String deployment) {
        Workload workload = Workload.of(overlay).stream()
                .filter(w -> w.kind().equals("Deployment") && w.name().equals(deployment)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no Deployment " + deployment));
        List<JsonNode> env = new ArrayList<>();
        workload.podSpec().path("containers").forEach(c -> c.path("env").forEach(env::add));
        return env;
    }

    private static Optional<JsonNode> value(List<JsonNode> env, Set<String> names) {
        return env.stream().filter(e -> names.contains(e.path("name").asText())).findFirst();
    }
}
