package jp.onplanetz.privacy.localstack;

import io.restassured.http.ContentType;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Command A started a second time on the same directory: the start empties the directory (the broker's data, the
 * databases, analytics-gateway's Kafka Streams state and the keys all go together), so the statistics are counted
 * after the second start as after the first. Kafka Streams' state is put where the documented run puts it at every
 * start (its port is fixed, so is its directory); a test's free ports would give each start a directory of its own.
 */
class LocalStackRestartTest {

    private static final String RECIPIENT = "acme-ads";
    private static final int PEOPLE = 3;

    @Test
    void aSecondStartOnTheSameDirectoryCountsStatisticsAsTheFirstDid() throws Exception {
        Path work = Path.of("target", "restart-stack").toAbsolutePath();
        LocalStack.Options options = new LocalStack.Options(work, false, false)
                .withServiceSetting(Services.ANALYTICS, "kafka-streams.state.dir", work.resolve("analytics-streams").toString());

        try (LocalStack first = LocalStack.start(options)) {
            assertThat(countedPeople(first)).isEqualTo(PEOPLE);
        }
        Path leftOver = work.resolve("left-over-of-an-earlier-run");
        Files.writeString(leftOver, "gone at the next start");

        try (LocalStack second = LocalStack.start(options)) {
            assertThat(leftOver).doesNotExist();
            assertThat(countedPeople(second)).isEqualTo(PEOPLE);
        }
    }

    /**
     * People who consented to statistics for the recipient, one usage event each, and the total Kafka Streams counted
     * for their cell, read from the cell-totals topic once it is there.
     */
    private static long countedPeople(LocalStack stack) throws Exception {
        String officer = stack.issuer().mint(LocalIdentities.OFFICER_SUBJECT_ID, "officer",
                Set.of(LocalIdentities.ROLE_PRIVACY_OFFICER));
        String consent = stack.service(Services.CONSENT).baseUrl();
        String gateway = stack.service(Services.ANALYTICS).baseUrl();
        given().auth().oauth2(officer).contentType(ContentType.JSON)
                .body("{\"name\":\"Acme Ads K.K.\",\"address\":\"1-1 Marunouchi, Chiyoda-ku, Tokyo\","
                        + "\"representative\":\"Representative Director\",\"purposes\":[\"anonymised-statistics\"]}")
                .when().put(consent + "/api/v1/policy/draft/recipients/" + RECIPIENT).then().statusCode(200);
        given().auth().oauth2(officer).contentType(ContentType.JSON).body("{\"summary\":\"Acme Ads receives statistics.\"}")
                .when().post(consent + "/api/v1/policy/versions").then().statusCode(201);

        List<String> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String subject = UUID.randomUUID().toString();
            String token = stack.issuer().mint(subject, "subject-" + i, Set.of(LocalIdentities.ROLE_DATA_SUBJECT));
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"purpose\":\"anonymised-statistics\",\"recipient\":\"" + RECIPIENT + "\",\"method\":\"web-form\"}")
                    .when().post(consent + "/api/v1/subjects/" + subject + "/consents").then().statusCode(201);
            people.add(subject);
        }
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            for (String s : people) {
                given().auth().oauth2(officer).when().get(gateway + "/api/v1/consent-projection/" + s)
                        .then().statusCode(200).body("[0].state", org.hamcrest.Matchers.equalTo("granted"));
            }
        });
        String definition = given().auth().oauth2(officer).contentType(ContentType.JSON).body("""
                {"recipient":"%s","recipientName":"Acme Ads K.K.","purpose":"advertising-effectiveness",
                 "dimensions":["gender"],"measure":"distinct-people","window":"PT1H","epsilon":1,
                 "minimumPeoplePerCell":11}""".formatted(RECIPIENT))
                .when().post(gateway + "/api/v1/release-definitions").then().statusCode(201).extract().path("id");

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (String s : people) {
                producer.send(usage(s));
            }
            producer.flush();
        }
        String cell = "[\"female\"]";
        return await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> total(stack, definition, cell), n -> n == PEOPLE);
    }

    /** The newest total of the definition's cell on the cell-totals topic (0 before there is one). */
    private static long total(LocalStack stack, String definition, String cell) {
        long total = 0;
        for (TopicRecord r : TopicReader.readAll(stack.kafka().bootstrapServers(), EventCatalogue.ANALYTICS_CELL_TOTALS.name())) {
            if (r.key().startsWith(definition + "|") && r.key().endsWith("|" + cell)) {
                total = Long.parseLong(r.value());
            }
        }
        return total;
    }

    /** A usage event as a reporting app sends it (CloudEvents binary mode, keyed by the subject). */
    private static ProducerRecord<String, String> usage(String subject) {
        EventType t = EventCatalogue.USAGE_EVENT_RECORDED;
        String payload = """
                {"subjectId":"%s","occurredAt":"%s","eventType":"page-view","page":"/plans","gender":"female",
                 "birthYear":1990}""".formatted(subject, OffsetDateTime.now(ZoneOffset.UTC));
        RecordHeaders h = new RecordHeaders();
        h.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_1_0));
        h.add(CloudEventHeaders.ID, bytes(UUID.randomUUID().toString()));
        h.add(CloudEventHeaders.SOURCE, bytes(Services.source(Services.SERVICE_APPS)));
        h.add(CloudEventHeaders.TYPE, bytes(t.type()));
        h.add(CloudEventHeaders.SUBJECT, bytes(subject));
        h.add(CloudEventHeaders.TIME, bytes(Instant.now().toString()));
        h.add(CloudEventHeaders.DATA_SCHEMA, bytes(t.dataSchema()));
        h.add(CloudEventHeaders.CONTENT_TYPE, bytes(CloudEventHeaders.JSON));
        return new ProducerRecord<>(t.topic(), null, subject, payload, h);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
