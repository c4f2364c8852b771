package jp.onplanetz.privacy.deploy.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.kafka.KafkaAccess;
import jp.onplanetz.privacy.deploy.kafka.KafkaAccess.Access;
import jp.onplanetz.privacy.deploy.kafka.KafkaAccess.Acl;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.TopicSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * The Strimzi resources made from the code: {@code k8s/base/kafka/generated/topics.yaml}, a {@code KafkaTopic} per
 * topic of the {@link EventCatalogue} (its partitions, {@code retention.ms} and {@code cleanup.policy}; one replica
 * and {@code min.insync.replicas} 1 in the base, which the prod overlay raises to 3 and 2), and
 * {@code k8s/base/kafka/generated/users.yaml}, a SCRAM-SHA-512 {@code KafkaUser} with simple authorization per
 * user of {@link KafkaAccess} (each service, the ledger verifier, the outside consumer of the public topics, the
 * company's apps and the registered data holders) with exactly the ACLs derived there.
 * <p>
 * The public topics, which {@code outside-consumer} may read (and nothing else, and write nowhere): those the
 * catalogue names a consumer of outside the suite, marked {@code (outside)} (records of provision and their reviews,
 * ledger checkpoints, data-request lifecycle, statistics releases). Never the raw usage topic, which holds raw
 * identifiers ({@link KafkaAccess#publicTopics()} refuses to make it public), nor the analytics-internal topics, the
 * data-request tasks (the registered data holders read them as {@code data-holder}) or the dead letters (operators).
 */
public final class KafkaResources {

    /** Strimzi's current API version of KafkaTopic and KafkaUser (io.strimzi:api 1.2.0 serves only v1). */
    public static final String API_VERSION = "kafka.strimzi.io/v1";
    public static final Path TOPICS = Path.of("k8s/base/kafka/generated/topics.yaml");
    public static final Path USERS = Path.of("k8s/base/kafka/generated/users.yaml");
    /** Base values, for one broker (a laptop cluster); the prod overlay patches them. */
    static final int BASE_REPLICAS = 1;
    static final int BASE_MIN_INSYNC_REPLICAS = 1;


    private KafkaResources() {
    }

    public static List<GeneratedFile> files(Path deployDir) {
        KafkaAccess access = KafkaAccess.derive(deployDir.toAbsolutePath().normalize().getParent());
        return List.of(
                new GeneratedFile(TOPICS, GeneratedYaml.file(KafkaResources.class,
                        "the topics of EventCatalogue (platform/event-contract)", List.of(),
                        EventCatalogue.topics().stream().map(KafkaResources::topic).toList())),
                new GeneratedFile(USERS, GeneratedYaml.file(KafkaResources.class,
                        "KafkaAccess: the services' Kafka settings and the event catalogue", List.of(),
                        access.users().stream().map(KafkaResources::user).toList())));
    }

    static ObjectNode topic(TopicSpec spec) {
        ObjectNode doc = header("KafkaTopic", spec.name());
        ObjectNode s = doc.putObject("spec");
        // The topic's name also as topicName: a namePrefix an overlay may add must not rename the topic itself.
        s.put("topicName", spec.name());
        s.put("partitions", spec.partitions());
        s.put("replicas", BASE_REPLICAS);
        ObjectNode config = s.putObject("config");
        config.put("cleanup.policy", spec.cleanupPolicy());
        config.put("retention.ms", spec.retentionMs());
        config.put("min.insync.replicas", BASE_MIN_INSYNC_REPLICAS);
        return doc;
    }

    static ObjectNode user(Access user) {
        ObjectNode doc = header("KafkaUser", user.user());
        ObjectNode s = doc.putObject("spec");
        s.putObject("authentication").put("type", "scram-sha-512");
        ObjectNode authorization = s.putObject("authorization");
        authorization.put("type", "simple");
        var acls = authorization.putArray("acls");
        for (Acl acl : user.acls()) {
            ObjectNode rule = acls.addObject();
            ObjectNode resource = rule.putObject("resource");
            resource.put("type", acl.type().strimzi());
            resource.put("name", acl.name());
            resource.put("patternType", acl.patternType().strimzi());
            var ops = rule.putArray("operations");
            acl.operations().forEach(o -> ops.add(o.name()));
            rule.put("host", "*");
        }
        return doc;
    }

    private static ObjectNode header(String kind, String name) {
        ObjectNode doc = GeneratedYaml.resource(API_VERSION, kind, name);
        ObjectNode labels = ((ObjectNode) doc.get("metadata")).putObject("labels");
        labels.put("strimzi.io/cluster", KafkaAccess.CLUSTER);
        labels.put("app.kubernetes.io/part-of", "privacy-ops");
        return doc;
    }

}
