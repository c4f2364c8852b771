package jp.onplanetz.privacy.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.CloudEventDeserializer;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.events.TopicSpec;
import jp.onplanetz.privacy.events.published.PublishedSchemas;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Another company's consumer, built from the published contract alone: the CloudEvents SDK for Java on a plain
 * KafkaConsumer reads every topic of the catalogue from the beginning, after this test has driven the suite through
 * the flows that produce events (a policy published and changed, consents granted and withdrawn, a recorded use,
 * data-subject requests completed, held, refused and cancelled, a deletion, statistics released and refused). Every
 * record must be a CloudEvent 1.0 in binary mode with the attributes the catalogue promises, of a type the catalogue
 * lists for its topic, and its data valid against the schema published in {@code docs/events/schemas} as loaded by a
 * JSON Schema implementation the services do not use.
 */
class OutsideConsumerTest {

    /**
     * The types the flows below produce. Not among them: {@code usage.event-recorded.v1} (the company's apps publish
     * it; the suite only reads it), {@code data-request.overdue.v1} and {@code data-request.answer-overdue.v1} (the
     * watchdog's flags after days or an hour).
     */
    private static final Set<String> PRODUCED = Set.of(
            "policy.version-published.v1", "policy.change-notice.v1",
            "consent.granted.v1", "consent.withdrawn.v1", "consent.reconsent-required.v1",
            "data-use.recorded.v1", "ledger.checkpoint-signed.v1",
            "data-request.received.v1", "data-request.identity-verified.v1", "data-request.in-progress.v1",
            "data-request.completed.v1", "data-request.review-required.v1", "data-request.refused.v1",
            "data-request.cancelled.v1", "data-request.task-assigned.v1", "data-request.task-answered.v1",
            "analytics.cell-partial-counted.v1",
            "analytics.statistics-released.v1", "analytics.release-refused.v1");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DISCLOSURE = "{\"type\": \"disclosure\", \"format\": \"json\"}";

    private static LocalStack stack;
    private static SuiteClient suite;

    @BeforeAll
    static void start() {
        // windows of seconds, so that a release and then a refused one (budget spent) happen while the test runs
        stack = LocalStack.start(new LocalStack.Options(Path.of("target", "stack-outside-consumer").toAbsolutePath(),
                false, false)
                .withServiceSetting(Services.ANALYTICS, "privacyops.analytics.releases.min-window", "5S")
                .withServiceSetting(Services.ANALYTICS, "privacyops.analytics.releases.release-delay", "2S")
                .withServiceSetting(Services.ANALYTICS, "privacyops.analytics.releases.check-every", "1S"));
        suite = new SuiteClient(stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anOutsideConsumerReadsEveryTopicAsValidCloudEventsOfTheCatalogueWithDataValidAgainstThePublishedSchemas() {
        produceEvents();
        PublishedSchemas schemas = PublishedSchemas.ofThisCheckout();

        // every record of the flows must be on the topics before they are read once, from the beginning
        Set<String> seen = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                .until(() -> readEveryTopic(schemas), types -> types.containsAll(PRODUCED));
        assertThat(seen).containsAll(PRODUCED);
    }

    /** The flows, each through the services' own APIs as their users call them. */
    private static void produceEvents() {
        String consent = stack.service(Services.CONSENT).baseUrl();
        String requests = stack.service(Services.DATA_REQUEST).baseUrl() + "/api/v1/requests/";
        String officer = suite.officerToken();

        // a policy version naming a recipient; consents, usage counted by the gateway, a recorded provision
        suite.publishStatisticsRecipient();
        // statistics for the recipient in windows of 5 s: the first is released, the next refused (epsilon 2 of 3);
        // defined before the usage arrives, since the gateway counts an event under the definitions in force when it
        // comes in, and once the policy naming the recipient has reached the gateway (400 until then)
        String definition = """
                {"recipient":"%s","recipientName":"Acme Ads K.K.","purpose":"advertising-effectiveness",
                 "dimensions":["gender"],"measure":"distinct-people","window":"PT5S","epsilon":2,
                 "minimumPeoplePerCell":11}""".formatted(SuiteClient.RECIPIENT);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> suite.send("POST",
                stack.service(Services.ANALYTICS).baseUrl() + "/api/v1/release-definitions", officer, definition)
                .status() == 201);

        String asker = UUID.randomUUID().toString();
        String leaver = UUID.randomUUID().toString();
        String erased = UUID.randomUUID().toString();
        for (String subject : List.of(asker, leaver, erased)) {
            suite.giveData(subject, 2);
        }

        // a withdrawal by the subject (the gateway retracts the subject's contributions)
        String leaversConsents = consent + "/api/v1/subjects/" + leaver + "/consents";
        for (JsonNode c : suite.send("GET", leaversConsents, suite.subjectToken(leaver), null).expect(200).json()) {
            suite.send("POST", leaversConsents + "/" + c.path("id").asText() + "/withdrawal", suite.subjectToken(leaver),
                    null).expect(200);
        }

        // a deletion carried out by every system; a disclosure; the same disclosure again is held for review and
        // refused by the officer; once more, held again, and cancelled by the subject
        awaitStatus(erased, suite.file(erased, "{\"type\": \"deletion\"}").path("id").asText(), "completed");
        awaitStatus(asker, suite.file(asker, DISCLOSURE).path("id").asText(), "completed");
        String repeated = suite.file(asker, DISCLOSURE).path("id").asText();
        awaitReview(repeated);
        suite.send("POST", requests + repeated + "/decision", officer, """
                {"decision":"refuse","ground":"serious-interference-with-business",
                 "explanation":"The same disclosure was answered today."}""").expect(200);
        String again = suite.file(asker, DISCLOSURE).path("id").asText();
        awaitReview(again);
        suite.send("POST", requests + again + "/cancellation", suite.subjectToken(asker), null).expect(200);

        // a policy change beyond the consented terms: the newsletter's consents need renewal, their subjects are told
        suite.send("PUT", consent + "/api/v1/policy/draft/purposes/" + SuiteClient.OWN_PURPOSE, officer, """
                {"name":"Blogs, e-mail magazines and other information to users","legalBasis":"consent",
                 "thirdParty":false,"categories":["profile.email","profile.name","profile.job-title"],
                 "dpv":"dpv:DirectMarketing","policyRef":"Art. 3(2)"}""").expect(200);
        suite.send("POST", consent + "/api/v1/policy/versions", officer,
                "{\"summary\":\"Newsletters are addressed by job title too.\"}").expect(201);
    }

    /**
     * Reads every topic from the beginning to its end as of now, and checks each record; the types seen.
     */
    private static Set<String> readEveryTopic(PublishedSchemas schemas) {
        Set<String> seen = new TreeSet<>();
        List<String> defects = new ArrayList<>();
        for (TopicSpec topic : EventCatalogue.topics()) {
            if (topic.equals(EventCatalogue.DEAD_LETTERS)) {
                // the catalogue documents a dead letter's form: the original record, with the dead-letter headers
                for (ConsumerRecord<String, byte[]> r : read(topic.name(), new ByteArrayDeserializer())) {
                    EventCatalogue.DEAD_LETTER_HEADERS.stream().filter(EventCatalogue.DeadLetterHeader::alwaysPresent)
                            .filter(h -> r.headers().lastHeader(h.name()) == null)
                            .forEach(h -> defects.add(where(r) + " has no " + h.name() + " header"));
                }
            } else if (topic.eventTypes().isEmpty()) {
                // the catalogue lists no event type here (analytics-gateway's own counts): a CloudEvent would be new
                for (ConsumerRecord<String, byte[]> r : read(topic.name(), new ByteArrayDeserializer())) {
                    if (r.headers().lastHeader(CloudEventHeaders.SPEC_VERSION) != null) {
                        defects.add(where(r) + " is a CloudEvent on a topic the catalogue lists no event type for");
                    }
                }
            } else {
                for (ConsumerRecord<String, CloudEvent> r : read(topic.name(), new CloudEventDeserializer())) {
                    check(topic, r, schemas, defects).ifPresent(seen::add);
                }
            }
        }
        assertThat(defects).as("records that break the published contract").isEmpty();
        return seen;
    }

    /** The record's defects go to {@code defects}; its type's name when the record is one of the catalogue's. */
    private static java.util.Optional<String> check(TopicSpec topic, ConsumerRecord<String, CloudEvent> r,
            PublishedSchemas schemas, List<String> defects) {
        String at = where(r);
        CloudEvent event = r.value();
        int before = defects.size();
        // binary mode: the attributes are ce_ headers, the value is the bare payload (the SDK would also take the
        // structured mode, whose content type is application/cloudevents+json)
        if (r.headers().lastHeader(CloudEventHeaders.SPEC_VERSION) == null) {
            defects.add(at + " is not in binary mode (no " + CloudEventHeaders.SPEC_VERSION + " header)");
        }
        if (event.getSpecVersion() != SpecVersion.V1) {
            defects.add(at + " has specversion " + event.getSpecVersion());
        }
        EventType type = topic.eventTypes().stream().filter(t -> t.type().equals(event.getType())).findFirst()
                .orElse(null);
        if (type == null) {
            defects.add(at + " has the type " + event.getType() + ", which the catalogue does not list for the topic");
            return java.util.Optional.empty();
        }
        try {
            UUID.fromString(event.getId());
        } catch (IllegalArgumentException e) {
            defects.add(at + " has the id " + event.getId() + ", not a UUID");
        }
        URI source = event.getSource();
        if (type.producer().equals(Services.EACH_DATA_HOLDER)) {
            if (!List.of(Services.CONSENT, Services.DISCLOSURE_LOG, Services.ANALYTICS).stream().map(Services::source)
                    .toList().contains(source.toString())) {
                defects.add(at + " comes from " + source + ", not a data holder's /privacy-ops/<system>");
            }
        } else if (!source.toString().equals(Services.source(type.producer()))) {
            defects.add(at + " comes from " + source + ", not " + Services.source(type.producer()));
        }
        if (event.getSubject() == null || event.getSubject().isEmpty()) {
            defects.add(at + " has no subject");
        } else if (!event.getSubject().equals(r.key())) {
            defects.add(at + " has the key " + r.key() + " but the subject " + event.getSubject());
        }
        if (event.getTime() == null) {
            defects.add(at + " has no time");
        }
        if (event.getDataSchema() == null || !event.getDataSchema().toString().equals(type.dataSchema())) {
            defects.add(at + " has the dataschema " + event.getDataSchema() + ", not " + type.dataSchema());
        }
        if (!CloudEventHeaders.JSON.equals(event.getDataContentType())) {
            defects.add(at + " has the content type " + event.getDataContentType());
        }
        if (event.getData() == null) {
            defects.add(at + " has no data");
            return java.util.Optional.empty();
        }
        String data = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
        // the published file whose $id is the type's dataschema (checked above to be the event's own)
        schemas.byId(type.dataSchema()).violations(data)
                .forEach(v -> defects.add(at + " (" + type.name() + ") breaks its published schema: " + v));
        if (topic.key().equals(EventCatalogue.KEY_SUBJECT)) {
            JsonNode subjectId = json(data).path("subjectId");
            if (subjectId.isTextual() && !subjectId.asText().equals(r.key())) {
                defects.add(at + " is keyed " + r.key() + " but is about the subject " + subjectId.asText());
            }
        } else if (type.equals(EventCatalogue.POLICY_VERSION_PUBLISHED) && !EventCatalogue.POLICY_KEY.equals(r.key())) {
            defects.add(at + " announces a version under the key " + r.key() + ", not " + EventCatalogue.POLICY_KEY);
        }
        return defects.size() == before ? java.util.Optional.of(type.name()) : java.util.Optional.empty();
    }

    /** Every record of {@code topic} from its beginning to its end offsets as they are now. */
    private static <V> List<ConsumerRecord<String, V>> read(String topic, Deserializer<V> values) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to " + end + " within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static void awaitStatus(String subject, String id, String status) {
        String url = stack.service(Services.DATA_REQUEST).baseUrl() + "/api/v1/requests/" + id;
        String token = suite.subjectToken(subject);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> suite.send("GET", url, token, null).expect(200).json().path("status").asText(),
                        status::equals);
    }

    /** A request held for a privacy officer's decision (the suggestion to refuse a repeated request). */
    private static void awaitReview(String id) {
        String url = stack.service(Services.DATA_REQUEST).baseUrl() + "/api/v1/requests/" + id;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> suite.send("GET", url, suite.officerToken(), null).expect(200).json(),
                        r -> r.path("review").isObject());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String where(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }
}
