package jp.onplanetz.privacy.deploy.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.analytics.events.StatisticsTopology;
import jp.onplanetz.privacy.deploy.kafka.KafkaAccess.Access;
import jp.onplanetz.privacy.deploy.kafka.ServiceKafkaSettings.Channel;
import jp.onplanetz.privacy.deploy.kafka.ServiceKafkaSettings.StreamsApplication;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointSigner;
import jp.onplanetz.privacy.disclosurelog.ledger.cli.VerifyLedger;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.events.TopicSpec;
import jp.onplanetz.privacy.testinfra.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import jp.onplanetz.privacy.runtime.outbox.OutboxRelay;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real proof of the Kafka users: the project's own KRaft broker with SCRAM-SHA-512 and Kafka's
 * {@code StandardAuthorizer} (nothing allowed without an ACL), the rendered {@code KafkaUser}s' credentials and ACLs
 * applied as Strimzi's User Operator applies them ({@link StrimziAcls}) and the rendered {@code KafkaTopic}s created;
 * then each user's clients, with the settings the code gives them, do what they must and are refused one step beyond.
 * <p>
 * Not proven here: TLS (the cluster's listener is SASL_SSL, this one SASL_PLAINTEXT; the SCRAM exchange and the
 * authorization are the same), nor that Strimzi's operator reconciles the resources (no cluster).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenderedAclsOnARealBrokerTest {

    /** The bound on every wait for the broker; a wait ends as soon as its condition holds. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KafkaAccess access = KafkaAccess.derive(Kustomize.deployDir().getParent());
    /** The laptop overlay: one broker. The users are the same in both overlays (RenderedKafkaUsersTest). */
    private final Kustomize.Rendered rendered = Kustomize.render(Overlay.LOCAL);
    private final Map<String, String> passwords = new TreeMap<>();
    private KafkaBroker.Scram scram;
    private KafkaBroker broker;

    @BeforeAll
    void startTheBrokerWithTheRenderedUsersAndTopics() throws Exception {
        scram = new KafkaBroker.Scram("strimzi-operators", secret());
        broker = KafkaBroker.start(Kustomize.deployDir().resolve("target/kafka-acls-broker"), 0, scram);
        Set<AclBinding> bindings = new HashSet<>();
        List<UserScramCredentialAlteration> credentials = new ArrayList<>();
        for (ObjectNode user : rendered.ofKind("KafkaUser")) {
            String name = user.at("/metadata/name").asText();
            passwords.put(name, secret());
            // what Strimzi's User Operator does for a KafkaUser with authentication scram-sha-512
            credentials.add(new UserScramCredentialUpsertion(name,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), passwords.get(name)));
            bindings.addAll(StrimziAcls.bindings(user));
        }
        List<NewTopic> topics = rendered.ofKind("KafkaTopic").stream().map(t -> {
            Map<String, String> config = new HashMap<>();
            t.at("/spec/config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            return new NewTopic(t.at("/spec/topicName").asText(), t.at("/spec/partitions").asInt(),
                    (short) t.at("/spec/replicas").asInt()).configs(config);
        }).toList();
        try (Admin admin = broker.admin()) {
            admin.alterUserScramCredentials(credentials).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            // The controller has committed them; the broker serves them once it has applied that metadata.
            await("the broker holds every ACL", () -> admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(10, TimeUnit.SECONDS).containsAll(bindings));
            await("the broker knows every topic", () -> admin.describeTopics(topics.stream().map(NewTopic::name)
                    .toList()).allTopicNames().get(10, TimeUnit.SECONDS).size() == topics.size());
        }
        for (String user : passwords.keySet()) {
            await(user + " authenticates", () -> {
                try (Admin admin = Admin.create(clientSettings(user))) {
                    return !admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty();
                }
            });
        }
        // One record on every topic, so that a permitted read has something to read.
        try (KafkaProducer<String, String> seeder = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", KafkaBroker.Scram.jaasConfig(scram.superUser(), scram.superUserPassword())),
                new StringSerializer(), new StringSerializer())) {
            for (NewTopic topic : topics) {
                seeder.send(new ProducerRecord<>(topic.name(), 0, "seed", "seed")).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    void stopTheBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyRenderedUserIsAUserOfKafkaAccess() {
        assertThat(passwords.keySet()).isEqualTo(new TreeSet<>(access.users().stream().map(Access::user).toList()));
    }

    // ---- the whole matrix: every user, every topic ----------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> eachUserWritesExactlyTheTopicsItsAclsAllow() {
        return access.users().stream().map(user -> DynamicTest.dynamicTest(user.user(), () -> {
            Set<String> written = new TreeSet<>();
            try (KafkaProducer<String, String> producer = outboxProducer(user.user())) {
                for (TopicSpec topic : EventCatalogue.topics()) {
                    try {
                        producer.send(new ProducerRecord<>(topic.name(), "key", "value")).get(30, TimeUnit.SECONDS);
                        written.add(topic.name());
                    } catch (ExecutionException refused) {
                        // a user that may write nothing is refused the idempotent producer id itself (cluster)
                        assertThat(refused.getCause()).as("%s writing %s", user.user(), topic.name())
                                .isInstanceOf(AuthorizationException.class);
                    }
                }
            }
            assertThat(written).isEqualTo(user.writeTopics());
        }));
    }

    @TestFactory
    Stream<DynamicTest> eachUserReadsExactlyTheTopicsItsAclsAllow() {
        // by assignment, with no group: how consent-service's projection and the ledger verifier read
        return access.users().stream().map(user -> DynamicTest.dynamicTest(user.user(), () -> {
            Set<String> read = new TreeSet<>();
            try (KafkaConsumer<String, String> consumer = consumer(user.user(), null)) {
                for (TopicSpec topic : EventCatalogue.topics()) {
                    List<TopicPartition> partitions = IntStream.range(0, topic.partitions())
                            .mapToObj(p -> new TopicPartition(topic.name(), p)).toList();
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    try {
                        pollUntilARecord(consumer);
                        read.add(topic.name());
                    } catch (TopicAuthorizationException refused) {
                        assertThat(refused.unauthorizedTopics()).containsExactly(topic.name());
                    }
                }
            }
            assertThat(read).isEqualTo(user.readTopics());
        }));
    }

    // ---- each service's own clients ---------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> eachChannelConsumesWithItsGroupAndTheServiceCannotUseAnotherServicesGroup() {
        return KafkaAccess.SERVICES.stream().flatMap(service -> access.settings(service).channels().stream()
                .map(channel -> DynamicTest.dynamicTest(service + " " + channel.name(), () -> {
                    try (KafkaConsumer<String, String> consumer = consumer(service, channel.groupId())) {
                        consumer.subscribe(List.of(channel.topic()));
                        pollUntilARecord(consumer);
                        consumer.commitSync(Duration.ofSeconds(30));
                    }
                    String othersGroup = othersGroup(service);
                    try (KafkaConsumer<String, String> consumer = consumer(service, othersGroup)) {
                        consumer.subscribe(List.of(channel.topic()));
                        assertThatThrownBy(() -> pollUntilARecord(consumer))
                                .isInstanceOf(GroupAuthorizationException.class)
                                .hasMessageContaining(othersGroup);
                    }
                })));
    }

    @Test
    void analyticsGatewaysTopologyRunsExactlyOnceWithItsGroupTransactionalIdsAndInternalTopics(@TempDir Path state)
            throws Exception {
        StreamsApplication app = access.settings(Services.ANALYTICS).streams().orElseThrow();
        Map<String, Object> settings = new HashMap<>(clientSettings(Services.ANALYTICS));
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, app.applicationId());
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, app.processingGuarantee());
        settings.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        KafkaStreams streams = new KafkaStreams(new StatisticsTopology().topology(),
                new StreamsConfig(settings));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        streams.setUncaughtExceptionHandler(e -> {
            failure.set(e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        try (Admin admin = broker.admin()) {
            streams.start();
            await("the topology runs", () -> {
                if (failure.get() != null) {
                    throw new AssertionError("the topology stopped", failure.get());
                }
                return streams.state() == KafkaStreams.State.RUNNING;
            });

            // one more partial count, read and committed in a transaction with the application's group
            try (KafkaProducer<String, String> door = outboxProducer(Services.ANALYTICS)) {
                door.send(new ProducerRecord<>(EventCatalogue.ANALYTICS_CELL_PARTIALS_TOPIC, "cell|http", "{}"))
                        .get(30, TimeUnit.SECONDS);
            }
            Map<TopicPartition, Long> ends = endOffsets(admin, EventCatalogue.ANALYTICS_CELL_PARTIALS);
            await("the group committed every partial count", () -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app.applicationId())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                return ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || (committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue()));
            });
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .as("the internal topics it created").contains(app.internalPrefix() + "by-cell-repartition",
                            app.internalPrefix() + StatisticsTopology.PARTIALS_STORE + "-changelog");
            assertThat(admin.listTransactions().all().get(10, TimeUnit.SECONDS))
                    .as("its transactional producers").extracting(TransactionListing::transactionalId)
                    .anyMatch(id -> id.startsWith(app.internalPrefix()));
        } finally {
            streams.close(Duration.ofSeconds(20));
        }

        // the sink, written in a transaction under the application's prefix
        try (KafkaProducer<String, String> sink = transactionalProducer(app.internalPrefix() + "proof-0")) {
            sink.initTransactions();
            sink.beginTransaction();
            sink.send(new ProducerRecord<>(EventCatalogue.ANALYTICS_CELL_TOTALS.name(), "cell", "1"));
            sink.commitTransaction();
        }
        // one step beyond: another transactional id, another group, a topic outside its prefix
        try (KafkaProducer<String, String> other = transactionalProducer("analytics-gateway.other-0")) {
            assertThatThrownBy(other::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> consumer = consumer(Services.ANALYTICS, app.applicationId() + "-other")) {
            consumer.subscribe(List.of(EventCatalogue.ANALYTICS_CELL_PARTIALS_TOPIC));
            assertThatThrownBy(() -> pollUntilARecord(consumer)).isInstanceOf(GroupAuthorizationException.class);
        }
        try (Admin asGateway = Admin.create(clientSettings(Services.ANALYTICS))) {
            assertThatThrownBy(() -> asGateway.createTopics(List.of(new NewTopic("analytics-gateway.other-changelog",
                    1, (short) 1))).all().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    // ---- the outside parties -----------------------------------------------------------------------------------------

    @Test
    void theLedgerVerifierReadsTheCheckpointsWithItsKafkaConfigAndTheSecretFromTheEnvironment(@TempDir Path dir)
            throws Exception {
        Path kafkaConfig = dir.resolve("kafka.properties");
        Files.writeString(kafkaConfig, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n");
        Map<String, String> env = Map.of("KAFKA_SASL_JAAS_CONFIG",
                KafkaBroker.Scram.jaasConfig(KafkaAccess.LEDGER_VERIFIER, passwords.get(KafkaAccess.LEDGER_VERIFIER)));

        // the topic is read; then the database (none here) stops the run: its error, not the topic's
        String err = verify(env, "--bootstrap-servers", broker.bootstrapServers(), "--kafka-config", kafkaConfig.toString());
        assertThat(err).contains("could not read the ledger at").doesNotContain("could not read the checkpoints");

        // another topic is refused to it
        String refused = verify(env, "--bootstrap-servers", broker.bootstrapServers(), "--kafka-config",
                kafkaConfig.toString(), "--topic", EventCatalogue.DATA_USE_TOPIC);
        assertThat(refused).contains("could not read the checkpoints from " + EventCatalogue.DATA_USE_TOPIC);
    }

    @Test
    void outsidePartiesUseConsumerGroupsUnderTheirOwnNameOnly() throws Exception {
        for (String user : List.of(KafkaAccess.OUTSIDE_CONSUMER, KafkaAccess.DATA_HOLDER)) {
            String topic = access.of(user).readTopics().iterator().next();
            try (KafkaConsumer<String, String> consumer = consumer(user, user + ".auditors")) {
                consumer.subscribe(List.of(topic));
                pollUntilARecord(consumer);
                consumer.commitSync(Duration.ofSeconds(30));
            }
            try (KafkaConsumer<String, String> consumer = consumer(user, "auditors")) {
                consumer.subscribe(List.of(topic));
                assertThatThrownBy(() -> pollUntilARecord(consumer)).isInstanceOf(GroupAuthorizationException.class);
            }
        }
    }

    @Test
    void theStepsBeyondThatMatterMost() throws Exception {
        // also in the matrices above; here by name, as a reviewer would ask
        assertRefusedToWrite(Services.CONSENT, EventCatalogue.DATA_REQUEST_TOPIC);
        assertRefusedToWrite(Services.ANALYTICS, EventCatalogue.CONSENT_TOPIC);
        assertRefusedToWrite(Services.DISCLOSURE_LOG, EventCatalogue.ANALYTICS_RELEASES_TOPIC);
        assertRefusedToWrite(KafkaAccess.SERVICE_APPS, EventCatalogue.ANALYTICS_CELL_PARTIALS_TOPIC);
        try (KafkaConsumer<String, String> consumer = consumer(KafkaAccess.OUTSIDE_CONSUMER, null)) {
            consumer.assign(List.of(new TopicPartition(EventCatalogue.USAGE_TOPIC, 0)));
            assertThatThrownBy(() -> pollUntilARecord(consumer)).isInstanceOf(TopicAuthorizationException.class);
        }
        for (String readOnly : List.of(KafkaAccess.OUTSIDE_CONSUMER, KafkaAccess.LEDGER_VERIFIER)) {
            try (KafkaProducer<String, String> producer = outboxProducer(readOnly)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(EventCatalogue.LEDGER_CHECKPOINT_TOPIC,
                        "shard-01", "{}")).get(30, TimeUnit.SECONDS))
                        .as(readOnly).hasCauseInstanceOf(AuthorizationException.class);
            }
        }
    }

    // ---- clients ------------------------------------------------------------------------------------------------------

    private void assertRefusedToWrite(String user, String topic) {
        try (KafkaProducer<String, String> producer = outboxProducer(user)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS))
                    .as("%s writing %s", user, topic).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    /** The address and the SCRAM login, as the services' kafka.* settings give them (in the cluster: SASL_SSL). */
    private Map<String, Object> clientSettings(String user) {
        Map<String, Object> settings = new HashMap<>(scram.clientSettings(user, passwords.get(user)));
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return settings;
    }

    /** The outbox relay's producer, with the relay's own settings (acks=all, idempotent). */
    private KafkaProducer<String, String> outboxProducer(String user) {
        return new KafkaProducer<>(OutboxRelay.producerSettings(clientSettings(user), user, Duration.ofSeconds(30)));
    }

    /** A producer as Kafka Streams makes one under exactly_once_v2: transactional, under the application's prefix. */
    private KafkaProducer<String, String> transactionalProducer(String transactionalId) {
        Map<String, Object> settings = new HashMap<>(clientSettings(Services.ANALYTICS));
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    /** A SmallRye channel's consumer (group, earliest, commits itself), or with no group one that is assigned. */
    private KafkaConsumer<String, String> consumer(String user, String group) {
        Map<String, Object> settings = new HashMap<>(clientSettings(user));
        if (group != null) {
            settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
    }

    /** A group of another service than {@code service}: one it has no ACL for. */
    private String othersGroup(String service) {
        return KafkaAccess.SERVICES.stream().filter(s -> !s.equals(service))
                .flatMap(s -> access.settings(s).channels().stream()).map(Channel::groupId).findFirst().orElseThrow();
    }

    /** Polls until a record comes; an authorization error is thrown by the poll itself. */
    private static void pollUntilARecord(KafkaConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("no record within " + PATIENCE + " from " + consumer.assignment());
    }

    private Map<TopicPartition, Long> endOffsets(Admin admin, TopicSpec topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        IntStream.range(0, topic.partitions()).forEach(p -> latest.put(new TopicPartition(topic.name(), p),
                OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** Runs the verifier as the CronJob does (its Kafka part); returns what it wrote to standard error. */
    private String verify(Map<String, String> env, String... kafkaArgs) {
        List<String> args = new ArrayList<>(List.of("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/disclosure_log",
                "--user", "auditor", "--key", CheckpointSigner.generate("onplanetz.jp/privacy-ops/disclosure-log")
                        .verifier().verifierKey(), "--checkpoints", "kafka", "--kafka-timeout", "30"));
        args.addAll(List.of(kafkaArgs));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new VerifyLedger().run(args.toArray(String[]::new), env,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as("exit status").isEqualTo(2);
        return err.toString(StandardCharsets.UTF_8);
    }

    private static void await(String what, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not so within " + PATIENCE + ": " + what, last);
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
