package jp.onplanetz.privacy.deploy.identity;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.deploy.render.Overlay;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm prod imports is one a regulated company can run: no people and no way for a person to log in with a
 * password, no secret written in the manifests, HTTPS for every address.
 */
class ProdRealmTest {

    /** How Keycloak's import writes an environment variable (the operator sets one per spec.placeholders entry). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    private final RealmRepresentation realm = Realms.rendered(Overlay.PROD);
    private final JsonNode placeholders = Realms.realmImport(Overlay.PROD).path("spec").path("placeholders");

    @Test
    void everyUserIsTheServiceAccountOfAClientWithoutCredentials() {
        assertThat(realm.getUsers()).isNotEmpty().allSatisfy((UserRepresentation user) -> {
            assertThat(user.getServiceAccountClientId()).as("%s is a service account", user.getUsername())
                    .isNotNull();
            assertThat(RealmAgreement.client(realm, user.getServiceAccountClientId()))
                    .as("%s's client", user.getUsername())
                    .hasValueSatisfying(c -> assertThat(c.isServiceAccountsEnabled()).isTrue());
            assertThat(user.getCredentials()).as("%s's credentials", user.getUsername()).isNullOrEmpty();
            assertThat(user.getFederatedIdentities()).isNullOrEmpty();
        });
    }

    /**
     * Only machine clients (client credentials): no password grant, no implicit flow, no public client, and no browser
     * login, since no person signs in to the production realm yet. Each flag is written out: an absent flag takes Keycloak's
     * default, which is not this file's to decide.
     */
    @Test
    void noClientLetsAPersonLogIn() {
        assertThat(realm.getClients()).isNotEmpty().allSatisfy((ClientRepresentation client) -> {
            assertThat(client.isDirectAccessGrantsEnabled()).as("%s password grant", client.getClientId()).isFalse();
            assertThat(client.isImplicitFlowEnabled()).as("%s implicit flow", client.getClientId()).isFalse();
            assertThat(client.isStandardFlowEnabled()).as("%s browser login", client.getClientId()).isFalse();
            assertThat(client.isPublicClient()).as("%s public", client.getClientId()).isFalse();
            assertThat(client.isServiceAccountsEnabled()).as("%s client credentials", client.getClientId()).isTrue();
        });
    }

    /** Each confidential client's secret comes from the Secret {@code <client>-oidc}, through the operator. */
    @Test
    void everyClientSecretIsAPlaceholderBackedByItsOidcSecret() {
        Set<String> used = new TreeSet<>();
        for (ClientRepresentation client : realm.getClients()) {
            Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(client.getSecret()));
            assertThat(placeholder.matches()).as("%s's secret %s is a placeholder", client.getClientId(),
                    client.getSecret()).isTrue();
            String variable = placeholder.group(1);
            used.add(variable);
            JsonNode secret = placeholders.path(variable).path("secret");
            assertThat(secret.path("name").asText()).as(variable).isEqualTo(client.getClientId() + "-oidc");
            assertThat(secret.path("key").asText()).as(variable).isEqualTo("client-secret");
            assertThat(secret.path("optional").asBoolean(false)).as("%s optional", variable).isFalse();
        }
        assertThat(fieldNames(placeholders)).as("placeholders, each used by a client").isEqualTo(used);
    }

    /** Nowhere in the realm (clients, identity providers, components, users) is a secret or password written. */
    @Test
    void noSecretOrPasswordIsWrittenAnywhere() {
        List<String> written = new ArrayList<>();
        walk(Realms.renderedTree(Overlay.PROD), "realm", written);

        assertThat(written).isEmpty();
    }

    /** The same search finds every secret and password the local realm writes: it is not looking away. */
    @Test
    void theSameSearchFindsTheLocalRealmsSecretsAndPasswords() {
        List<String> written = new ArrayList<>();
        walk(Realms.renderedTree(Overlay.LOCAL), "realm", written);
        RealmRepresentation local = Realms.rendered(Overlay.LOCAL);

        long secrets = local.getClients().stream().filter(c -> c.getSecret() != null).count();
        long withPasswords = local.getUsers().stream().filter(u -> u.getCredentials() != null).count();
        assertThat(secrets).isPositive();
        assertThat(withPasswords).isPositive();
        assertThat(written).hasSize((int) (secrets + withPasswords));
    }

    private static void walk(JsonNode node, String path, List<String> written) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (key.equals("credentials") && !value.isEmpty()) {
                    written.add(path + ".credentials");
                } else if (key.matches("(?i).*(secret|password)") && !(value.isTextual()
                        && PLACEHOLDER.matcher(value.asText()).matches())) {
                    written.add(path + "." + key);
                }
                walk(value, path + "." + key, written);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", written);
            }
        }
    }

    /**
     * "all", not "external": every pod address is private, and "external" exempts private addresses, so it would let
     * any pod send client secrets and tokens to Keycloak in clear text.
     */
    @Test
    void everyRequestMustUseHttps() {
        assertThat(realm.getSslRequired()).isEqualTo("all");
    }

    @Test
    void noOneCanRegisterAndGuessingIsSlowedDown() {
        assertThat(realm.isRegistrationAllowed()).isFalse();
        assertThat(realm.isResetPasswordAllowed()).isFalse();
        assertThat(realm.isBruteForceProtected()).isTrue();
        assertThat(realm.isPermanentLockout()).as("a permanent lock would let anyone lock others out").isFalse();
        assertThat(realm.getFailureFactor()).isBetween(1, 10);
    }

    /** Short tokens (services fetch new ones), sessions of a working day at most, refresh tokens used once. */
    @Test
    void tokensAndSessionsAreShortLived() {
        assertThat(realm.getAccessTokenLifespan()).isBetween(1, 300);
        assertThat(realm.getSsoSessionIdleTimeout()).isBetween(1, 1800);
        assertThat(realm.getSsoSessionMaxLifespan()).isBetween(1, 10 * 3600);
        assertThat(realm.getRevokeRefreshToken()).isTrue();
        assertThat(realm.getRefreshTokenMaxReuse()).isZero();
        assertThat(realm.getOfflineSessionMaxLifespanEnabled()).isTrue();
    }

    /** Logins and realm changes are recorded, for a bounded time (events hold IP addresses). */
    @Test
    void loginAndAdminEventsAreKeptForABoundedTime() {
        assertThat(realm.isEventsEnabled()).isTrue();
        assertThat(realm.getEventsExpiration()).isBetween(1L, 366L * 24 * 3600);
        assertThat(realm.isAdminEventsEnabled()).isTrue();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
