package jp.onplanetz.privacy.deploy.identity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.generate.RealmImports;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import org.keycloak.representations.idm.RealmRepresentation;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The realm as Keycloak reads it: bound to Keycloak's own {@link RealmRepresentation}, with nothing it does not know
 * let through. Keycloak's reader and the operator's CRD (which prunes unknown fields) both drop an unknown field
 * silently, so a typo like {@code sslRequierd} would leave a realm that looks hardened in git and is not in the
 * cluster: here it is an error.
 */
final class Realms {

    /**
     * Unknown and ignored properties fail, and a string never passes for a boolean or a number (the operator's CRD
     * schema types those fields, so the API server would refuse it). Keycloak marks some representations
     * {@code @JsonIgnoreProperties(ignoreUnknown = true)} (ClientScopeRepresentation, UserConsentRepresentation) and
     * others {@code @JsonAnySetter} (the client policy configurations): {@link NothingSwallowed} takes both away.
     */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .annotationIntrospector(new NothingSwallowed())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private Realms() {
    }

    /** deploy/keycloak/privacy-ops-realm.json, read strictly (a duplicate key is an error, not the last one wins). */
    static ObjectNode sourceTree() {
        try {
            return (ObjectNode) STRICT.readTree(Kustomize.deployDir().resolve(RealmImports.REALM_FILE).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The overlay's rendered KeycloakRealmImport (the one named in the conventions). */
    static ObjectNode realmImport(Overlay overlay) {
        return Kustomize.render(overlay).get(RealmImports.KIND, RealmImports.NAME);
    }

    /** The realm the overlay imports: its KeycloakRealmImport's spec.realm. */
    static ObjectNode renderedTree(Overlay overlay) {
        JsonNode realm = realmImport(overlay).path("spec").path("realm");
        if (!realm.isObject()) {
            throw new AssertionError(overlay + "'s " + RealmImports.KIND + " has no spec.realm");
        }
        return (ObjectNode) realm;
    }

    static RealmRepresentation bind(JsonNode realm) throws JsonProcessingException {
        return STRICT.treeToValue(realm, RealmRepresentation.class);
    }

    static RealmRepresentation rendered(Overlay overlay) {
        try {
            return bind(renderedTree(overlay));
        } catch (JsonProcessingException e) {
            throw new AssertionError(overlay + "'s realm does not bind to Keycloak's RealmRepresentation: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Keycloak's annotations, less the two that would accept any field. */
    static final class NothingSwallowed extends JacksonAnnotationIntrospector {
        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
            return super.findPropertyIgnoralByName(config, annotated).withoutIgnoreUnknown();
        }

        @Override
        public Boolean hasAnySetter(Annotated annotated) {
            return Boolean.FALSE;
        }
    }
}
