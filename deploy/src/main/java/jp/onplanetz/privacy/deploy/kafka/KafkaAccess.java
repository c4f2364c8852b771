package jp.onplanetz.privacy.deploy.kafka;

import jp.onplanetz.privacy.analytics.events.StatisticsTopology;
import jp.onplanetz.privacy.deploy.kafka.ServiceKafkaSettings.Channel;
import jp.onplanetz.privacy.deploy.kafka.ServiceKafkaSettings.StreamsApplication;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.events.TopicSpec;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Who may do what on the suite's Kafka cluster, derived from what the code declares, never listed by hand. The
 * generated {@code KafkaUser} resources are made from it, and the tests compare the rendered ACLs with it and apply
 * them to a real broker.
 *
 * <h2>The suite's services</h2>
 * <ul>
 * <li><b>Writes</b>: the topics of the event types whose producer is the service (their {@link EventType#producer()},
 * which the outbox relay, {@code OutboxRelay}, publishes with the service's credentials); the types every data holder
 * publishes ({@link Services#EACH_DATA_HOLDER}: the answer to a data-request task) for a service that reads the
 * tasks; each incoming channel's {@code dead-letter-queue.topic}; the sink topics of its Kafka Streams topology.</li>
 * <li><b>Reads with a consumer group</b>: each incoming channel's {@code topic} with its {@code group.id}.</li>
 * <li><b>Kafka Streams</b> ({@code quarkus.kafka-streams.application-id}): the topology's source topics (its global
 * tables' too), the application id as consumer group, and, as prefix {@code <application-id>-}, its internal topics
 * (created, read, written and purged by the application) and, with {@code exactly_once_v2}, its transactional ids.</li>
 * <li><b>Reads without a group</b>: a topic the catalogue names the service a consumer of, that no channel and no
 * topology of it reads, is read by assignment (consent-service's {@code ConsentEventsFollower} follows its own
 * consent and policy topics in every replica): Read on the topic, no group. {@code KafkaAccessAgreesWithTheCatalogueTest}
 * holds this to topics the service itself produces, so a catalogue entry cannot open anything else.</li>
 * </ul>
 * Producers are idempotent ({@code acks=all}); since Kafka 3.0 (KIP-679) the broker lets a principal with Write on
 * any topic initialise an idempotent producer, so no {@code IdempotentWrite} on the cluster is granted. Describe is
 * not listed: Kafka grants it with Read and Write on the same resource.
 *
 * <h2>Outside parties</h2>
 * <ul>
 * <li>{@value #LEDGER_VERIFIER}: the disclosure log's verifier reads the checkpoint topic by assignment (its
 * {@code CheckpointTopic} uses no consumer group): Read on that topic only.</li>
 * <li>{@value #OUTSIDE_CONSUMER}: reads the <em>public topics</em>, read only, with consumer groups named
 * {@code outside-consumer.*}. The rule: a topic is public when the catalogue names a consumer of it outside the
 * suite, marked {@value #OUTSIDE}. The raw usage topic is never public (it holds raw identifiers; derivation fails
 * should the catalogue ever say otherwise), nor the data-request tasks (read by the registered data holders under
 * their own user) nor the dead letters (read by operators).</li>
 * <li>{@value #SERVICE_APPS}: the company's sites and apps; write the topics of the event types they produce.</li>
 * <li>{@value #DATA_HOLDER}: the registered outside systems holding personal data: write the topics of the types
 * every data holder publishes (the answers), read the topics the catalogue names those systems consumers of (the
 * tasks), with consumer groups named {@code data-holder.*}.</li>
 * </ul>
 */
public final class KafkaAccess {

    /** The Strimzi cluster every user and topic belongs to. */
    public static final String CLUSTER = "privacy-ops";
    public static final String LEDGER_VERIFIER = "ledger-verifier";
    public static final String OUTSIDE_CONSUMER = "outside-consumer";
    public static final String SERVICE_APPS = Services.SERVICE_APPS;
    public static final String DATA_HOLDER = "data-holder";
    /** How the catalogue marks a consumer outside the suite that reads a public topic. */
    public static final String OUTSIDE = "(outside)";

    /** The suite's services, in the order their users are written. */
    public static final List<String> SERVICES = List.of(Services.CONSENT, Services.DISCLOSURE_LOG, Services.DATA_REQUEST,
            Services.ANALYTICS);

    /** The topology of each service's Kafka Streams application, built by the service's own class. */
    private static final Map<String, Supplier<Topology>> TOPOLOGIES = Map.of(
            Services.ANALYTICS, () -> new StatisticsTopology().topology());

    /** Operations as Strimzi's {@code KafkaUser} names them. */
    public enum Operation {
        Read, Write, Create, Delete
    }

    /** Resource types as Strimzi's {@code KafkaUser} names them. */
    public enum ResourceType {
        TOPIC("topic"), GROUP("group"), TRANSACTIONAL_ID("transactionalId");

        private final String strimzi;

        ResourceType(String strimzi) {
            this.strimzi = strimzi;
        }

        public String strimzi() {
            return strimzi;
        }
    }

    public enum PatternType {
        LITERAL, PREFIX;

        public String strimzi() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One allow rule of a {@code KafkaUser} (host {@code *}). */
    public record Acl(ResourceType type, String name, PatternType patternType, Set<Operation> operations) {
        public Acl {
            operations = java.util.Collections.unmodifiableSet(EnumSet.copyOf(operations));
        }
    }

    /**
     * What one Kafka user may do.
     *
     * @param readTopics     topics it reads
     * @param writeTopics    topics it writes
     * @param groups         consumer groups it uses, by exact name
     * @param groupPrefixes  consumer groups it may name freely under these prefixes (outside parties)
     * @param streams        its Kafka Streams application, whose internal topics and transactional ids it owns
     */
    public record Access(String user, Set<String> readTopics, Set<String> writeTopics, Set<String> groups,
            Set<String> groupPrefixes, Optional<StreamsApplication> streams) {

        /** The ACLs, in a stable order: topics in the catalogue's order, then groups, then the Streams prefixes. */
        public List<Acl> acls() {
            List<Acl> acls = new ArrayList<>();
            for (TopicSpec topic : EventCatalogue.topics()) {
                EnumSet<Operation> ops = EnumSet.noneOf(Operation.class);
                if (readTopics.contains(topic.name())) {
                    ops.add(Operation.Read);
                }
                if (writeTopics.contains(topic.name())) {
                    ops.add(Operation.Write);
                }
                if (!ops.isEmpty()) {
                    acls.add(new Acl(ResourceType.TOPIC, topic.name(), PatternType.LITERAL, ops));
                }
            }
            groups.forEach(g -> acls.add(new Acl(ResourceType.GROUP, g, PatternType.LITERAL, EnumSet.of(Operation.Read))));
            groupPrefixes.forEach(g -> acls.add(new Acl(ResourceType.GROUP, g, PatternType.PREFIX,
                    EnumSet.of(Operation.Read))));
            streams.ifPresent(s -> {
                // Create: Streams makes its repartition and changelog topics; Delete: it purges the repartition
                // topics' consumed records (Admin.deleteRecords) after each commit.
                acls.add(new Acl(ResourceType.TOPIC, s.internalPrefix(), PatternType.PREFIX,
                        EnumSet.of(Operation.Read, Operation.Write, Operation.Create, Operation.Delete)));
                if (s.transactional()) {
                    // exactly_once_v2: one transactional producer per stream thread, <application-id>-<process>-<n>
                    acls.add(new Acl(ResourceType.TRANSACTIONAL_ID, s.internalPrefix(), PatternType.PREFIX,
                            EnumSet.of(Operation.Write)));
                }
            });
            return List.copyOf(acls);
        }
    }

    /** The sources and sinks of a service's topology that are catalogue topics (the rest are its internal topics). */
    public record TopologyTopics(Set<String> sources, Set<String> sinks) {
    }

    private final Map<String, ServiceKafkaSettings> settings;
    private final Map<String, Access> access;

    private KafkaAccess(Map<String, ServiceKafkaSettings> settings, Map<String, Access> access) {
        this.settings = settings;
        this.access = access;
    }

    /** Reads every service's settings under {@code repoRoot} and derives every user's access. */
    public static KafkaAccess derive(Path repoRoot) {
        Map<String, ServiceKafkaSettings> settings = new LinkedHashMap<>();
        for (String service : SERVICES) {
            settings.put(service, ServiceKafkaSettings.read(repoRoot, service));
        }
        Map<String, Access> access = new LinkedHashMap<>();
        settings.values().forEach(s -> access.put(s.service(), ofService(s)));
        access.put(LEDGER_VERIFIER, new Access(LEDGER_VERIFIER, Set.of(EventCatalogue.LEDGER_CHECKPOINT_SIGNED.topic()),
                Set.of(), Set.of(), Set.of(), Optional.empty()));
        access.put(OUTSIDE_CONSUMER, new Access(OUTSIDE_CONSUMER, publicTopics(), Set.of(), Set.of(),
                Set.of(OUTSIDE_CONSUMER + "."), Optional.empty()));
        access.put(SERVICE_APPS, new Access(SERVICE_APPS, Set.of(), topicsOfTypesBy(SERVICE_APPS), Set.of(), Set.of(),
                Optional.empty()));
        access.put(DATA_HOLDER, dataHolder());
        return new KafkaAccess(Map.copyOf(settings), java.util.Collections.unmodifiableMap(access));
    }

    /** Every user, services first, in a stable order. */
    public List<Access> users() {
        return List.copyOf(access.values());
    }

    public Access of(String user) {
        Access a = access.get(user);
        if (a == null) {
            throw new IllegalArgumentException("no Kafka user " + user);
        }
        return a;
    }

    /** A service's Kafka settings as its configuration states them. */
    public ServiceKafkaSettings settings(String service) {
        return settings.get(service);
    }

    /** The catalogue topics a service's Kafka Streams topology reads and writes (none without one). */
    public static TopologyTopics topologyTopics(String service) {
        Supplier<Topology> topology = TOPOLOGIES.get(service);
        if (topology == null) {
            return new TopologyTopics(Set.of(), Set.of());
        }
        Set<String> sources = new TreeSet<>();
        Set<String> sinks = new TreeSet<>();
        TopologyDescription description = topology.get().describe();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    sources.addAll(requireNamed(service, source.topicSet()));
                } else if (node instanceof TopologyDescription.Sink sink) {
                    sinks.addAll(requireNamed(service, sink.topic() == null ? null : Set.of(sink.topic())));
                }
            }
        }
        for (TopologyDescription.GlobalStore global : description.globalStores()) {
            sources.addAll(requireNamed(service, global.source().topicSet()));
        }
        // Topics the catalogue does not know are the topology's own repartition topics: under its internal prefix.
        Set<String> catalogue = EventCatalogue.topics().stream().map(TopicSpec::name).collect(Collectors.toSet());
        sources.retainAll(catalogue);
        sinks.retainAll(catalogue);
        return new TopologyTopics(Set.copyOf(sources), Set.copyOf(sinks));
    }

    private static Set<String> requireNamed(String service, Set<String> topics) {
        if (topics == null) {
            // a pattern source or a topic-name extractor: no ACL could be derived for what it will touch
            throw new IllegalStateException(service + "'s topology reads or writes topics it does not name");
        }
        return topics;
    }

    private static Access ofService(ServiceKafkaSettings s) {
        String service = s.service();
        Set<String> reads = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        Set<String> writes = new LinkedHashSet<>(topicsOfTypesBy(service));
        for (Channel c : s.channels()) {
            reads.add(c.topic());
            groups.add(c.groupId());
            c.deadLetterTopic().ifPresent(writes::add);
        }
        if (readsTheTasks(reads)) {
            writes.addAll(topicsOfTypesBy(Services.EACH_DATA_HOLDER));
        }
        TopologyTopics topology = topologyTopics(service);
        if (s.streams().isPresent() != TOPOLOGIES.containsKey(service)) {
            throw new IllegalStateException(service + ": a Kafka Streams application id and a topology go together");
        }
        s.streams().ifPresent(streams -> groups.add(streams.applicationId()));
        reads.addAll(topology.sources());
        writes.addAll(topology.sinks());
        // read by assignment, without a group: declared by the catalogue, read by no channel or topology
        for (TopicSpec topic : EventCatalogue.topics()) {
            if (topic.consumers().contains(service)) {
                reads.add(topic.name());
            }
        }
        return new Access(service, sorted(reads), sorted(writes), sorted(groups), Set.of(), s.streams());
    }

    /** Whether these reads include the topic of the data-request tasks: who reads a task answers it. */
    private static boolean readsTheTasks(Set<String> reads) {
        return reads.contains(EventCatalogue.DATA_REQUEST_TASK_ASSIGNED.topic());
    }

    private static Set<String> topicsOfTypesBy(String producer) {
        return sorted(EventCatalogue.eventTypes().stream().filter(t -> t.producer().equals(producer))
                .map(EventType::topic).collect(Collectors.toSet()));
    }

    /** Topics with a consumer marked {@value #OUTSIDE}; never the raw usage topic. */
    public static Set<String> publicTopics() {
        Set<String> topics = EventCatalogue.topics().stream()
                .filter(t -> t.consumers().stream().anyMatch(c -> c.endsWith(OUTSIDE)))
                .map(TopicSpec::name).collect(Collectors.toCollection(TreeSet::new));
        if (topics.contains(EventCatalogue.USAGE_TOPIC)) {
            throw new IllegalStateException(EventCatalogue.USAGE_TOPIC + " holds raw identifiers: never a public topic");
        }
        return java.util.Collections.unmodifiableSet(topics);
    }

    /**
     * The registered outside data holders: the outside producers named beside the suite's services on the topics of
     * the types every data holder publishes, and what the catalogue says they read.
     */
    private static Access dataHolder() {
        Set<String> answers = topicsOfTypesBy(Services.EACH_DATA_HOLDER);
        Set<String> outsiders = EventCatalogue.topics().stream().filter(t -> answers.contains(t.name()))
                .flatMap(t -> t.producers().stream()).filter(p -> !SERVICES.contains(p))
                .collect(Collectors.toSet());
        Set<String> reads = EventCatalogue.topics().stream()
                .filter(t -> t.consumers().stream().anyMatch(outsiders::contains))
                .map(TopicSpec::name).collect(Collectors.toSet());
        if (outsiders.isEmpty() || reads.isEmpty()) {
            throw new IllegalStateException("the catalogue names no outside data holder, or nothing it reads");
        }
        return new Access(DATA_HOLDER, sorted(reads), answers, Set.of(), Set.of(DATA_HOLDER + "."), Optional.empty());
    }

    private static Set<String> sorted(Set<String> names) {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(names));
    }
}
