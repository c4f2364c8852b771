package jp.onplanetz.privacy.deploy.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A {@code KafkaUser}'s {@code spec.authorization.acls} as the Strimzi User Operator writes them into the cluster
 * (simple authorization): one {@link AclBinding} per rule and operation, for the principal {@code User:<name>};
 * resource types {@code topic}, {@code group}, {@code transactionalId}, {@code cluster} (named {@code kafka-cluster});
 * {@code patternType} {@code literal} (default) or {@code prefix} (Kafka's PREFIXED); {@code type} allow (default)
 * or deny; {@code host} {@code *} by default.
 */
final class StrimziAcls {

    private StrimziAcls() {
    }

    static Set<AclBinding> bindings(ObjectNode kafkaUser) {
        String principal = "User:" + kafkaUser.at("/metadata/name").asText();
        Set<AclBinding> bindings = new LinkedHashSet<>();
        for (JsonNode rule : kafkaUser.at("/spec/authorization/acls")) {
            JsonNode resource = rule.path("resource");
            ResourcePattern pattern = pattern(resource.path("type").asText(), resource.path("name").asText(null),
                    resource.path("patternType").asText("literal"));
            AclPermissionType permission = switch (rule.path("type").asText("allow")) {
                case "allow" -> AclPermissionType.ALLOW;
                case "deny" -> AclPermissionType.DENY;
                default -> throw new IllegalArgumentException("rule type " + rule.path("type"));
            };
            String host = rule.path("host").asText("*");
            if (rule.path("operations").isEmpty()) {
                throw new IllegalArgumentException(principal + ": a rule without operations " + rule);
            }
            for (JsonNode op : rule.path("operations")) {
                bindings.add(new AclBinding(pattern, new AccessControlEntry(principal, host, operation(op.asText()),
                        permission)));
            }
        }
        return bindings;
    }

    /** The same for a derived user, through Strimzi's names: what the generated KafkaUser must come to. */
    static Set<AclBinding> bindings(KafkaAccess.Access access) {
        Set<AclBinding> bindings = new LinkedHashSet<>();
        for (KafkaAccess.Acl acl : access.acls()) {
            ResourcePattern pattern = pattern(acl.type().strimzi(), acl.name(), acl.patternType().strimzi());
            for (KafkaAccess.Operation op : acl.operations()) {
                bindings.add(new AclBinding(pattern, new AccessControlEntry("User:" + access.user(), "*",
                        operation(op.name()), AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    private static ResourcePattern pattern(String type, String name, String patternType) {
        PatternType kafkaPattern = switch (patternType) {
            case "literal" -> PatternType.LITERAL;
            case "prefix" -> PatternType.PREFIXED;
            default -> throw new IllegalArgumentException("patternType " + patternType);
        };
        return switch (type) {
            case "topic" -> new ResourcePattern(ResourceType.TOPIC, required(name), kafkaPattern);
            case "group" -> new ResourcePattern(ResourceType.GROUP, required(name), kafkaPattern);
            case "transactionalId" -> new ResourcePattern(ResourceType.TRANSACTIONAL_ID, required(name), kafkaPattern);
            case "cluster" -> new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
            default -> throw new IllegalArgumentException("resource type " + type);
        };
    }

    private static String required(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a topic, group or transactionalId rule names its resource");
        }
        return name;
    }

    /** Strimzi's operation names (Read, IdempotentWrite, ...) are Kafka's, in camel case. */
    private static AclOperation operation(String strimzi) {
        String kafka = strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        AclOperation op = AclOperation.fromString(kafka);
        if (op == AclOperation.UNKNOWN || op == AclOperation.ANY) {
            throw new IllegalArgumentException("operation " + strimzi);
        }
        return op;
    }
}
