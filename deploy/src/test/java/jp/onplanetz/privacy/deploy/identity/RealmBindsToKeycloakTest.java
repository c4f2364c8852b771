package jp.onplanetz.privacy.deploy.identity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.generate.RealmImports;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.common.Version;
import org.keycloak.common.enums.SslRequired;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every realm we ship is one Keycloak understands field by field, and a typo in any field fails the build. */
class RealmBindsToKeycloakTest {

    @Test
    void theRealmFileBindsToKeycloaksRealmRepresentationAndLosesNoField() throws Exception {
        ObjectNode source = Realms.sourceTree();
        RealmRepresentation realm = Realms.bind(source);

        assertThat(realm.getRealm()).isEqualTo("privacy-ops");
        assertNothingLost(source, realm);
    }

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void eachOverlaysImportedRealmBindsAndLosesNoField(Overlay overlay) {
        ObjectNode tree = Realms.renderedTree(overlay);
        RealmRepresentation realm = Realms.rendered(overlay);

        assertThat(realm.getRealm()).isEqualTo("privacy-ops");
        assertNothingLost(tree, realm);
    }

    /** Local imports the realm scripts/keycloak.sh and the test tokens use, unchanged. */
    @Test
    void theLocalOverlayImportsTheRealmFileAsItIs() {
        assertThat(Realms.renderedTree(Overlay.LOCAL)).isEqualTo(Realms.sourceTree());
    }

    /** A field Keycloak would drop is one the realm must not have (e.g. one it marks ignored): nothing is lost. */
    private static void assertNothingLost(JsonNode written, RealmRepresentation bound) {
        JsonNode read = Realms.STRICT.valueToTree(bound);
        List<String> lost = new ArrayList<>();
        contained(written, read, "realm", lost);
        assertThat(lost).as("fields written in the realm that Keycloak's model does not keep").isEmpty();
    }

    private static void contained(JsonNode written, JsonNode read, String path, List<String> lost) {
        if (written.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = written.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!read.has(field.getKey())) {
                    lost.add(path + "." + field.getKey());
                } else {
                    contained(field.getValue(), read.get(field.getKey()), path + "." + field.getKey(), lost);
                }
            }
        } else if (written.isArray()) {
            if (!read.isArray() || read.size() != written.size()) {
                lost.add(path + " (" + written.size() + " elements, read " + read.size() + ")");
                return;
            }
            for (int i = 0; i < written.size(); i++) {
                contained(written.get(i), read.get(i), path + "[" + i + "]", lost);
            }
        } else if (written.isNumber() && read.isNumber()) {
            if (written.decimalValue().compareTo(read.decimalValue()) != 0) {
                lost.add(path + " (" + written + " read as " + read + ")");
            }
        } else if (!written.equals(read)) {
            lost.add(path + " (" + written + " read as " + read + ")");
        }
    }

    static Stream<Arguments> typos() {
        return Stream.of(
                typo("a realm setting", r -> r.put("sslRequierd", "all"), "sslRequierd"),
                typo("a client's redirect URIs", r -> client(r).putArray("redirectUri").add("https://example.org/*"),
                        "redirectUri"),
                typo("a client's protocol mapper",
                        r -> ((ObjectNode) client(r).withArray("protocolMappers").get(0))
                                .put("protocolMaper", "oidc-audience-mapper"),
                        "protocolMaper"),
                typo("a realm role", r -> ((ObjectNode) r.with("roles").withArray("realm").get(0))
                        .put("descripton", "typo"), "descripton"),
                typo("a user", r -> ((ObjectNode) r.withArray("users").get(0)).putArray("realmRole").add("operator"),
                        "realmRole"),
                // Keycloak marks these two @JsonIgnoreProperties(ignoreUnknown = true): refused all the same.
                typo("a client scope", r -> r.putArray("clientScopes").addObject().put("name", "privacy-ops-audience")
                        .putArray("protocolMapper"), "protocolMapper"),
                typo("a user's consent", r -> ((ObjectNode) r.withArray("users").get(0)).putArray("clientConsents")
                        .addObject().put("clientId", "consent-service").putArray("grantedClientScope"),
                        "grantedClientScope"),
                // The operator's CRD types this field boolean: the API server refuses a string there.
                typo("a boolean written as a string", r -> r.put("bruteForceProtected", "true"),
                        "bruteForceProtected"));
    }

    private static Arguments typo(String where, Consumer<ObjectNode> change, String field) {
        return Arguments.of(Named.of(where, change), field);
    }

    private static ObjectNode client(ObjectNode realm) {
        return (ObjectNode) realm.withArray("clients").get(0);
    }

    @ParameterizedTest
    @MethodSource("typos")
    void aTypoAnywhereInTheRealmFailsTheBinding(Consumer<ObjectNode> change, String field) throws Exception {
        ObjectNode realm = Realms.sourceTree();
        assertThatCode(() -> Realms.bind(realm)).as("the realm as committed binds").doesNotThrowAnyException();

        change.accept(realm);

        assertThatThrownBy(() -> Realms.bind(realm))
                .isInstanceOf(MismatchedInputException.class)
                .satisfies(e -> {
                    List<JsonMappingException.Reference> path = ((MismatchedInputException) e).getPath();
                    assertThat(path.get(path.size() - 1).getFieldName()).isEqualTo(field);
                });
    }

    @Test
    void aDuplicateKeyInTheRealmFileIsAnErrorNotTheLastOneWins() {
        String duplicate = "{\"realm\": \"privacy-ops\", \"sslRequired\": \"all\", \"sslRequired\": \"none\"}";

        assertThatThrownBy(() -> Realms.STRICT.readTree(duplicate)).hasMessageContaining("sslRequired");
    }

    /** Keycloak's any-setter classes would take any field; the strict reader gives them none. */
    @Test
    void keycloaksAnySetterDoesNotSwallowAnUnknownField() throws Exception {
        String unknown = "{\"no-such-option\": true}";
        ObjectMapper plainStrict = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();

        assertThat(plainStrict.readValue(unknown, ClientPolicyExecutorConfigurationRepresentation.class))
                .as("with Keycloak's annotations as they are, the field is swallowed").isNotNull();
        assertThatThrownBy(() -> Realms.STRICT.readValue(unknown, ClientPolicyExecutorConfigurationRepresentation.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("no-such-option");
    }

    /** sslRequired is a free string in the model; Keycloak reads it as its SslRequired enum at import. */
    @ParameterizedTest
    @EnumSource(Overlay.class)
    void sslRequiredIsOneOfKeycloaksValues(Overlay overlay) throws Exception {
        for (RealmRepresentation realm : List.of(Realms.bind(Realms.sourceTree()), Realms.rendered(overlay))) {
            assertThatCode(() -> SslRequired.valueOf(realm.getSslRequired().toUpperCase(Locale.ROOT)))
                    .as(realm.getSslRequired()).doesNotThrowAnyException();
        }
    }

    /**
     * The import is the operator's current API (k8s.keycloak.org/v2beta1) with only the fields its
     * KeycloakRealmImportSpec has; a placeholder is a Secret's key and never optional (a missing Secret must stop
     * the import Job, not import the literal "${...}" as the secret).
     */
    @ParameterizedTest
    @EnumSource(Overlay.class)
    void theImportIsTheOperatorsCurrentApiNamedAsTheConventionsSay(Overlay overlay) {
        ObjectNode document = Realms.realmImport(overlay);

        assertThat(document.path("apiVersion").asText()).isEqualTo("k8s.keycloak.org/v2beta1");
        assertThat(document.path("metadata").path("name").asText()).isEqualTo("privacy-ops-realm");
        assertThat(document.path("metadata").path("namespace").asText()).isEqualTo("privacy-ops");
        JsonNode spec = document.path("spec");
        assertThat(spec.path("keycloakCRName").asText()).isEqualTo("keycloak");
        assertThat(fieldNames(spec)).isSubsetOf("keycloakCRName", "realm", "resources", "placeholders", "labels");
        for (JsonNode placeholder : spec.path("placeholders")) {
            assertThat(fieldNames(placeholder)).containsExactly("secret");
            assertThat(fieldNames(placeholder.path("secret"))).containsExactlyInAnyOrder("name", "key");
        }
        assertThat(Kustomize.render(overlay).ofKind(RealmImports.KIND)).hasSize(1);
    }

    @Test
    void theModelIsTheKeycloakVersionScriptsKeycloakShRuns() throws Exception {
        String script = Files.readString(Kustomize.deployDir().resolve("../scripts/keycloak.sh"));
        Matcher version = Pattern.compile("(?m)^readonly KEYCLOAK_VERSION=(\\S+)$").matcher(script);

        assertThat(version.find()).as("scripts/keycloak.sh names its Keycloak version").isTrue();
        assertThat(Version.VERSION).isEqualTo(version.group(1));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
