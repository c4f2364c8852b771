package jp.onplanetz.privacy.deploy.rules;

import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.TopicSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a service's own {@code src/main/resources/application.properties} says in its default profile (the one a
 * deployed pod runs: no {@code %dev}/{@code %test} lines), read from the source so that a manifest can never agree
 * with an old copy of it. Only the few facts the rules need.
 */
public record ServiceConfiguration(String service, Map<String, String> properties) {

    /** A property naming a key file or directory: {@code signing-key-location}, {@code pseudonym-keys.location}. */
    private static final Pattern KEY_LOCATION = Pattern.compile("(?i).*key.*location.*");
    private static final Pattern INCOMING_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.[^.]+\\.topics?");
    static final String STREAMS_STATE_DIR = "kafka-streams.state.dir";
    static final String STREAMS_TOPICS = "quarkus.kafka-streams.topics";

    public static ServiceConfiguration of(String service) {
        Path file = Kustomize.deployDir().getParent().resolve(service).resolve("src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        Map<String, String> defaults = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(name -> !name.startsWith("%"))
                .forEach(name -> defaults.put(name, properties.getProperty(name)));
        return new ServiceConfiguration(service, Map.copyOf(defaults));
    }

    /** Every key location the service reads (property name to path). */
    public Map<String, String> keyLocations() {
        Map<String, String> keys = new TreeMap<>();
        properties.forEach((name, value) -> {
            if (KEY_LOCATION.matcher(name).matches()) {
                keys.put(name, value);
            }
        });
        return keys;
    }

    /** Kafka Streams' state directory, where the service writes at run time (absent if it runs no Streams). */
    public java.util.Optional<String> streamsStateDir() {
        return java.util.Optional.ofNullable(properties.get(STREAMS_STATE_DIR));
    }

    /**
     * The topics the service consumes: its SmallRye incoming channels' topics and Kafka Streams' source topics
     * (a Streams instance is a member of its application's group too, and one beyond the partition count idles).
     */
    public Set<String> consumedTopics() {
        Set<String> topics = new TreeSet<>();
        properties.forEach((name, value) -> {
            if (INCOMING_TOPIC.matcher(name).matches() || name.equals(STREAMS_TOPICS)) {
                Arrays.stream(value.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(topics::add);
            }
        });
        return topics;
    }

    /** The smallest partition count among the consumed topics: more replicas than this get no partition. */
    public int smallestConsumedPartitionCount() {
        return consumedTopics().stream()
                .mapToInt(topic -> EventCatalogue.topic(topic).map(TopicSpec::partitions).orElseThrow(
                        () -> new AssertionError(service + " consumes " + topic + ", which the catalogue lacks")))
                .min().orElseThrow(() -> new AssertionError(service + " consumes no topic"));
    }
}
