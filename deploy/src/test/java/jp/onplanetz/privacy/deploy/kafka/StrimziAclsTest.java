package jp.onplanetz.privacy.deploy.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Strimzi's reading of a KafkaUser's ACLs, including the defaults the generated users do not spell out. */
class StrimziAclsTest {

    @Test
    void eachOperationOfARuleIsOneBindingForTheUsersPrincipal() {
        ObjectNode user = user("""
                - resource: {type: transactionalId, name: app-, patternType: prefix}
                  operations: [Write, Describe]
                  host: "*"
                """);

        assertThat(StrimziAcls.bindings(user)).containsExactlyInAnyOrder(
                binding(ResourceType.TRANSACTIONAL_ID, "app-", PatternType.PREFIXED, AclOperation.WRITE,
                        AclPermissionType.ALLOW, "*"),
                binding(ResourceType.TRANSACTIONAL_ID, "app-", PatternType.PREFIXED, AclOperation.DESCRIBE,
                        AclPermissionType.ALLOW, "*"));
    }

    @Test
    void literalAllowAndEveryHostAreTheDefaultsAndTheClusterIsKafkaCluster() {
        ObjectNode user = user("""
                - resource: {type: topic, name: t}
                  operations: [Read]
                - resource: {type: cluster}
                  operations: [IdempotentWrite]
                - resource: {type: group, name: g}
                  operations: [DescribeConfigs]
                  type: deny
                  host: 10.0.0.1
                """);

        assertThat(StrimziAcls.bindings(user)).containsExactlyInAnyOrder(
                binding(ResourceType.TOPIC, "t", PatternType.LITERAL, AclOperation.READ, AclPermissionType.ALLOW, "*"),
                binding(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE,
                        AclPermissionType.ALLOW, "*"),
                binding(ResourceType.GROUP, "g", PatternType.LITERAL, AclOperation.DESCRIBE_CONFIGS,
                        AclPermissionType.DENY, "10.0.0.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "- {resource: {type: topic, name: t}, operations: [Reed]}",
            "- {resource: {type: topic, name: t}, operations: []}",
            "- {resource: {type: topic}, operations: [Read]}",
            "- {resource: {type: topic, name: t, patternType: wildcard}, operations: [Read]}",
            "- {resource: {type: consumerGroup, name: g}, operations: [Read]}",
            "- {resource: {type: topic, name: t}, operations: [Read], type: maybe}"})
    void whatStrimziWouldRefuseIsRefused(String acls) {
        assertThatThrownBy(() -> StrimziAcls.bindings(user(acls))).isInstanceOf(IllegalArgumentException.class);
    }

    private static ObjectNode user(String acls) {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: someone}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                """ + acls.indent(6);
        return Kustomize.parse(yaml).get(0);
    }

    private static AclBinding binding(ResourceType type, String name, PatternType pattern, AclOperation op,
            AclPermissionType permission, String host) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:someone", host, op, permission));
    }
}
