package jp.onplanetz.privacy.deploy.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a platform team applies holds one SCRAM KafkaUser per user of {@link KafkaAccess}, with simple authorization
 * and, as the broker will hold them (Strimzi's semantics, {@link StrimziAcls}), exactly the ACLs derived from the
 * code: no user more or fewer, no ACL more or fewer.
 */
class RenderedKafkaUsersTest {

    private static final KafkaAccess ACCESS = KafkaAccess.derive(Kustomize.deployDir().getParent());

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void theRenderedUsersHoldExactlyTheDerivedAcls(Overlay overlay) {
        Map<String, Set<AclBinding>> actual = new TreeMap<>();
        for (ObjectNode user : Kustomize.render(overlay).ofKind("KafkaUser")) {
            String name = user.at("/metadata/name").asText();
            assertThat(user.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
            assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).as(name).isEqualTo(KafkaAccess.CLUSTER);
            assertThat(user.at("/spec/authentication/type").asText()).as(name).isEqualTo("scram-sha-512");
            assertThat(user.at("/spec/authorization/type").asText()).as(name).isEqualTo("simple");
            actual.put(name, StrimziAcls.bindings(user));
        }

        Map<String, Set<AclBinding>> expected = new TreeMap<>();
        ACCESS.users().forEach(a -> expected.put(a.user(), StrimziAcls.bindings(a)));
        assertThat(actual).isEqualTo(expected);
    }
}
