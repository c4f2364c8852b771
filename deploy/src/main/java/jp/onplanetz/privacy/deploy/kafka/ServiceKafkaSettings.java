package jp.onplanetz.privacy.deploy.kafka;

import jp.onplanetz.privacy.events.EventCatalogue;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service's {@code src/main/resources/application.properties} tells its Kafka clients, as production runs
 * it (profile-prefixed keys such as {@code %test.} are not production's and are ignored): the SmallRye incoming
 * channels (topic, consumer group, dead-letter topic), the service's own consumers in a group and the Kafka Streams
 * application.
 *
 * @param service  the service's name (its module directory has the same name)
 * @param channels every incoming channel of the {@code smallrye-kafka} connector, by channel name, and every consumer
 *                 of the service's own that reads in a group (a plain {@code KafkaConsumer} such as analytics-gateway's
 *                 door), declared by a {@code privacyops.<name>.group-id} beside its {@code privacyops.<name>.topic}
 * @param streams  the Kafka Streams application, when the service has one
 */
public record ServiceKafkaSettings(String service, List<Channel> channels, Optional<StreamsApplication> streams) {

    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.connector");
    private static final Pattern OWN_CONSUMER = Pattern.compile("(privacyops\\..+)\\.group-id");

    /**
     * One SmallRye Kafka incoming channel.
     *
     * @param deadLetterTopic where it writes what it cannot apply ({@code failure-strategy=dead-letter-queue}), if it
     *                        dead-letters through the connector
     */
    public record Channel(String name, String topic, String groupId, Optional<String> deadLetterTopic) {
    }

    /**
     * The Kafka Streams application of a service (Quarkus' {@code quarkus-kafka-streams}).
     *
     * @param applicationId      the consumer group, the prefix of its transactional ids and of its internal topics
     * @param processingGuarantee {@code exactly_once_v2} means transactional writes
     * @param awaitedTopics      {@code quarkus.kafka-streams.topics}: what Quarkus waits for before it starts the
     *                           topology
     */
    public record StreamsApplication(String applicationId, String processingGuarantee, Set<String> awaitedTopics) {

        /** Kafka Streams names every internal topic (repartition, changelog) and transactional id with this prefix. */
        public String internalPrefix() {
            return applicationId + "-";
        }

        public boolean transactional() {
            return processingGuarantee.startsWith("exactly_once");
        }
    }

    /** Reads {@code <repoRoot>/<service>/src/main/resources/application.properties}. */
    public static ServiceKafkaSettings read(Path repoRoot, String service) {
        Path file = repoRoot.resolve(service).resolve("src/main/resources/application.properties");
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka settings of " + service + " at " + file, e);
        }
        List<Channel> channels = new ArrayList<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            Matcher m = INCOMING.matcher(key);
            if (!m.matches() || !"smallrye-kafka".equals(p.getProperty(key))) {
                continue;
            }
            String prefix = "mp.messaging.incoming." + m.group(1) + ".";
            // SmallRye's defaults: the channel's name as topic; a group is required in production (its default is a
            // random UUID, which no ACL could name), so a channel without one is refused here.
            String topic = p.getProperty(prefix + "topic", m.group(1));
            String group = p.getProperty(prefix + "group.id");
            if (group == null) {
                throw new IllegalStateException(service + ": incoming channel " + m.group(1)
                        + " has no group.id; its ACL could not name its consumer group");
            }
            Optional<String> deadLetters = Optional.empty();
            if ("dead-letter-queue".equals(p.getProperty(prefix + "failure-strategy"))) {
                // SmallRye's default dead-letter topic is dead-letter-topic-<channel>: not ours, so it must be set
                deadLetters = Optional.of(p.getProperty(prefix + "dead-letter-queue.topic",
                        "dead-letter-topic-" + m.group(1)));
            }
            channels.add(new Channel(m.group(1), topic, group, deadLetters));
        }
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            Matcher m = OWN_CONSUMER.matcher(key);
            if (!m.matches()) {
                continue;
            }
            String topic = p.getProperty(m.group(1) + ".topic");
            if (topic == null) {
                throw new IllegalStateException(service + ": " + key + " names a consumer group but "
                        + m.group(1) + ".topic no topic; its ACL could not name what it reads");
            }
            // such a consumer dead-letters what it cannot apply itself, to the catalogue's topic, as the channels do
            channels.add(new Channel(m.group(1), topic, p.getProperty(key),
                    Optional.of(EventCatalogue.DEAD_LETTERS.name())));
        }
        Optional<StreamsApplication> streams = Optional.ofNullable(p.getProperty("quarkus.kafka-streams.application-id"))
                .map(id -> new StreamsApplication(id, p.getProperty("kafka-streams.processing.guarantee", "at_least_once"),
                        new LinkedHashSet<>(Arrays.stream(p.getProperty("quarkus.kafka-streams.topics", "").split(","))
                                .map(String::trim).filter(t -> !t.isEmpty()).toList())));
        return new ServiceKafkaSettings(service, List.copyOf(channels), streams);
    }
}
