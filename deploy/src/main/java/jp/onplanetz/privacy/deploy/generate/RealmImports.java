package jp.onplanetz.privacy.deploy.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Keycloak operator's {@code KeycloakRealmImport} of each overlay, made from {@code keycloak/privacy-ops-realm.json}
 * (the realm {@code scripts/keycloak.sh} and the test tokens use), so the realm is written in one place.
 *
 * <p>Local gets the realm as it is. Prod gets {@link #prodRealm the realm a regulated company can run}: no people,
 * no password login, no secret in the manifest, HTTPS only.
 */
public final class RealmImports {
    /** Relative to {@code deploy/}. */
    public static final Path REALM_FILE = Path.of("keycloak/privacy-ops-realm.json");
    public static final Path LOCAL_FILE = Path.of("k8s/overlays/local/generated/realm-import.yaml");
    public static final Path PROD_FILE = Path.of("k8s/overlays/prod/generated/realm-import.yaml");

    /** The operator's current API (v2alpha1 is deprecated since Keycloak 26.6 and still served). */
    public static final String API_VERSION = "k8s.keycloak.org/v2beta1";
    public static final String KIND = "KeycloakRealmImport";
    public static final String NAME = "privacy-ops-realm";
    public static final String KEYCLOAK_CR_NAME = "keycloak";
    public static final String NAMESPACE = "privacy-ops";
    /** Each confidential client's secret lives in the Secret {@code <clientId>-oidc} under this key. */
    public static final String SECRET_KEY = "client-secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RealmImports() {
    }

    public static List<GeneratedFile> files(Path deployDir) {
        ObjectNode realm = readRealm(deployDir.resolve(REALM_FILE));
        return List.of(
                new GeneratedFile(LOCAL_FILE, GeneratedYaml.file(RealmImports.class, "deploy/" + REALM_FILE,
                        List.of("This is the realm as it is: its local users and secrets are for a laptop cluster only."),
                        List.of(realmImport(realm.deepCopy(), NODES.objectNode())))),
                prodFile(realm.deepCopy()));
    }

    private static GeneratedFile prodFile(ObjectNode realm) {
        ObjectNode placeholders = NODES.objectNode();
        ObjectNode prod = prodRealm(realm, placeholders);
        return new GeneratedFile(PROD_FILE, GeneratedYaml.file(RealmImports.class, "deploy/" + REALM_FILE, List.of(
                "This is the prod realm: service accounts only, no password grant,",
                "client secrets from the Secrets <client>-oidc (key " + SECRET_KEY + ").",
                // The operator only creates a realm that does not exist yet: it never updates one.
                "An import never changes a realm Keycloak already has; rotating a client secret: deploy/k8s/README.md."),
                List.of(realmImport(prod, placeholders))));
    }

    /**
     * The prod realm, changing {@code realm} in place. Clients: only confidential service-account clients stay
     * (the services' own and the company apps' usage reporter), so no client can take a password or run a browser
     * flow; people's login needs a client of its own, which this realm does not have yet. Users: only the service accounts of those clients stay: their
     * realm roles are how a service's token gets its {@code svc-*} role, and their fixed ids keep each service's
     * {@code sub} (which the services record as the author of their writes) the same in every environment.
     * Secrets: each becomes an operator placeholder backed by a Secret, added to {@code placeholders}.
     */
    static ObjectNode prodRealm(ObjectNode realm, ObjectNode placeholders) {
        ArrayNode clients = NODES.arrayNode();
        Set<String> kept = new HashSet<>();
        for (JsonNode client : realm.withArray("clients")) {
            if (client.path("serviceAccountsEnabled").asBoolean(false) && !client.path("publicClient").asBoolean(false)) {
                ObjectNode copy = (ObjectNode) client.deepCopy();
                String clientId = copy.path("clientId").asText();
                String variable = secretVariable(clientId);
                copy.put("secret", "${" + variable + "}");
                ObjectNode secret = placeholders.putObject(variable).putObject("secret");
                secret.put("name", clientId + "-oidc");
                secret.put("key", SECRET_KEY);
                clients.add(copy);
                kept.add(clientId);
            }
        }
        ArrayNode users = NODES.arrayNode();
        for (JsonNode user : realm.withArray("users")) {
            if (kept.contains(user.path("serviceAccountClientId").asText(null))) {
                users.add(user.deepCopy());
            }
        }
        realm.set("clients", clients);
        realm.set("users", users);
        realm.put("displayName", "privacy-ops");
        // "all", not "external": Keycloak exempts private addresses under "external", and every pod address is
        // private, so "external" would let any pod in the cluster send client secrets and tokens in clear text.
        // The services already reach Keycloak at https://keycloak-service...:8443, so "all" costs nothing.
        realm.put("sslRequired", "all");
        // No self-service accounts and nothing a person could change about an account from the login page.
        realm.put("registrationAllowed", false);
        realm.put("resetPasswordAllowed", false);
        realm.put("rememberMe", false);
        realm.put("editUsernameAllowed", false);
        // Guessing stops quickly and the lock lifts by itself (a permanent lock would let anyone lock others out).
        realm.put("bruteForceProtected", true);
        realm.put("permanentLockout", false);
        realm.put("failureFactor", 5);
        realm.put("waitIncrementSeconds", 60);
        realm.put("maxFailureWaitSeconds", 900);
        realm.put("minimumQuickLoginWaitSeconds", 60);
        realm.put("quickLoginCheckMilliSeconds", 1000);
        realm.put("maxDeltaTimeSeconds", 43200);
        // For people who sign in with local passwords rather than a federated login, should the realm ever have them.
        realm.put("passwordPolicy", "length(12) and notUsername and notEmail and passwordHistory(5)");
        // Short-lived tokens (the services fetch a new one themselves), a working day's session at most, and a
        // refresh token used once only, so a stolen one is detected at its second use.
        realm.put("accessTokenLifespan", 300);
        realm.put("ssoSessionIdleTimeout", 1800);
        realm.put("ssoSessionMaxLifespan", 28800);
        realm.put("revokeRefreshToken", true);
        realm.put("refreshTokenMaxReuse", 0);
        // An offline token (people get the offline_access role by Keycloak's default) expires within 30 days, not never.
        realm.put("offlineSessionMaxLifespanEnabled", true);
        realm.put("offlineSessionMaxLifespan", 2592000);
        // Who got a token and who changed the realm, kept 90 days: an audit trail, and bounded, since events hold
        // IP addresses (personal data).
        realm.put("eventsEnabled", true);
        realm.put("eventsExpiration", 7776000);
        realm.put("adminEventsEnabled", true);
        realm.put("adminEventsDetailsEnabled", true);
        return realm;
    }

    /** The environment variable the operator's import Job gets the client's secret in, e.g. CONSENT_SERVICE_CLIENT_SECRET. */
    static String secretVariable(String clientId) {
        return clientId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_CLIENT_SECRET";
    }

    private static ObjectNode realmImport(ObjectNode realm, ObjectNode placeholders) {
        ObjectNode document = GeneratedYaml.resource(API_VERSION, KIND, NAME);
        ((ObjectNode) document.get("metadata")).put("namespace", NAMESPACE);
        ObjectNode spec = document.putObject("spec");
        spec.put("keycloakCRName", KEYCLOAK_CR_NAME);
        if (!placeholders.isEmpty()) {
            spec.set("placeholders", placeholders);
        }
        spec.set("realm", realm);
        return document;
    }


    private static ObjectNode readRealm(Path file) {
        try {
            return (ObjectNode) JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the realm " + file, e);
        }
    }

}
