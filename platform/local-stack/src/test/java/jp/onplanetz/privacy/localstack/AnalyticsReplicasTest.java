package jp.onplanetz.privacy.localstack;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import java.nio.charset.StandardCharsets;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
 * analytics-gateway scaled out: two instances share the usage topic's partitions (ingest) and the contributions'
 * (counting), yet the release counts every person, because the totals are summed per cell over all partitions on
 * Kafka and suppression applies to those totals. With consents granted in the real consent-service, usage events
 * on the real topic, the release pulled by the recipient from either instance, and recorded by disclosure-log-service.
 */
class AnalyticsReplicasTest {

    private static final String RECIPIENT = "acme-ads";
    private static final int WOMEN = 14;
    private static final int MEN = 10;

    private static LocalStack stack;
    private static ServiceProcess gatewayA;
    private static ServiceProcess gatewayB;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(new LocalStack.Options(Path.of("target", "analytics-replicas-stack").toAbsolutePath(),
                false, false)
                .withServiceSetting(Services.ANALYTICS, "privacyops.analytics.releases.min-window", "5S")
                .withServiceSetting(Services.ANALYTICS, "privacyops.analytics.releases.release-delay", "5S")
                .withServiceSetting(Services.ANALYTICS, "privacyops.analytics.releases.check-every", "1S"));
        gatewayA = stack.service(Services.ANALYTICS);
        gatewayB = stack.startReplica(Services.ANALYTICS);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoInstancesReleaseTheTotalsOverAllPartitions() throws Exception {
        String officer = stack.issuer().mint(LocalIdentities.OFFICER_SUBJECT_ID, "officer",
                Set.of(LocalIdentities.ROLE_PRIVACY_OFFICER));
        String consent = stack.service(Services.CONSENT).baseUrl();
        given().auth().oauth2(officer).contentType(ContentType.JSON)
                .body("{\"name\":\"Acme Ads K.K.\",\"address\":\"1-1 Marunouchi, Chiyoda-ku, Tokyo\","
                        + "\"representative\":\"Representative Director\",\"purposes\":[\"anonymised-statistics\"]}")
                .when().put(consent + "/api/v1/policy/draft/recipients/" + RECIPIENT).then().statusCode(200);
        given().auth().oauth2(officer).contentType(ContentType.JSON).body("{\"summary\":\"Acme Ads receives statistics.\"}")
                .when().post(consent + "/api/v1/policy/versions").then().statusCode(201);

        List<String> women = consented(WOMEN, consent);
        List<String> men = consented(MEN, consent);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String s : concat(women, men)) {
                given().auth().oauth2(officer).when().get(gatewayA.baseUrl() + "/api/v1/consent-projection/" + s)
                        .then().statusCode(200).body("[0].state", org.hamcrest.Matchers.equalTo("granted"));
            }
        });

        // both instances share the work: each must hold some of the usage topic's partitions. The gateway takes the
        // recipient from the policy in force, which reaches it on the policy topic: until then the recipient is
        // refused (400, nothing defined)
        String definition = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> given()
                .auth().oauth2(officer).contentType(ContentType.JSON).body("""
                {"recipient":"%s","recipientName":"Acme Ads K.K.","purpose":"advertising-effectiveness",
                 "dimensions":["gender"],"measure":"distinct-people","window":"PT10S","epsilon":1,
                 "minimumPeoplePerCell":11}""".formatted(RECIPIENT))
                .when().post(gatewayB.baseUrl() + "/api/v1/release-definitions").then()
                .statusCode(org.hamcrest.Matchers.oneOf(201, 400)).extract().<String>path("id"), java.util.Objects::nonNull);
        Thread.sleep(1000); // both instances know the definition (A within its 5 s refresh, at the latest)
        Thread.sleep(5000);
        try (KafkaProducer<String, String> producer = producer()) {
            for (String s : women) {
                producer.send(usage(s, "female"));
                producer.send(usage(s, "female")); // twice: a person counts once per cell
            }
            for (String s : men) {
                producer.send(usage(s, "male"));
            }
            producer.flush();
        }

        String recipientToken = stack.issuer().mint(UUID.randomUUID().toString(), RECIPIENT,
                Set.of(LocalIdentities.ROLE_RECIPIENT));
        // pulled from the other instance than the one that may have released it: the releases are shared
        JsonPath release = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(
                () -> given().auth().oauth2(recipientToken).when().get(gatewayA.baseUrl() + "/api/v1/releases").then()
                        .statusCode(200).extract().jsonPath(),
                j -> j.getList("findAll { it.definitionId == '" + definition + "' && it.cells.size() > 0 }").size() > 0);
        Map<String, Object> made = release.getMap("find { it.definitionId == '" + definition + "' && it.cells.size() > 0 }");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cells = (List<Map<String, Object>>) made.get("cells");
        assertThat(cells).hasSize(1);
        assertThat(((Map<?, ?>) cells.get(0).get("values")).get("gender")).isEqualTo("female");
        assertThat(made.get("suppressedCells")).isEqualTo(1);

        // the true totals, summed over partitions counted by two instances, are every person once
        assertThat(trueTotal(definition, "[\"female\"]")).isEqualTo(WOMEN);
        assertThat(trueTotal(definition, "[\"male\"]")).isEqualTo(MEN);
        // the disclosure log recorded the release: what, when, to whom, at what epsilon
        String releaseId = (String) made.get("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(officer).when()
                .get(stack.service(Services.DISCLOSURE_LOG).baseUrl() + "/api/v1/statistics-releases/" + releaseId)
                .then().statusCode(200).body("recipient", org.hamcrest.Matchers.equalTo(RECIPIENT))
                .body("status", org.hamcrest.Matchers.equalTo("released")));

        // and both instances took part: each is a member of the counting's group and of the ingest's
        assertThat(members("analytics-gateway.statistics")).isEqualTo(2);
        assertThat(members("analytics-gateway.usage-ingest")).isEqualTo(2);
    }

    private static List<String> consented(int n, String consent) {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String subject = UUID.randomUUID().toString();
            String token = stack.issuer().mint(subject, "subject-" + i, Set.of(LocalIdentities.ROLE_DATA_SUBJECT));
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"purpose\":\"anonymised-statistics\",\"recipient\":\"" + RECIPIENT + "\",\"method\":\"web-form\"}")
                    .when().post(consent + "/api/v1/subjects/" + subject + "/consents").then().statusCode(201);
            subjects.add(subject);
        }
        return subjects;
    }

    /** A usage event as a reporting app sends it (CloudEvents binary mode, keyed by the subject). */
    private static ProducerRecord<String, String> usage(String subject, String gender) {
        EventType t = EventCatalogue.USAGE_EVENT_RECORDED;
        String payload = """
                {"subjectId":"%s","occurredAt":"%s","eventType":"page-view","page":"/plans","gender":"%s",
                 "birthYear":1990}""".formatted(subject, OffsetDateTime.now(ZoneOffset.UTC), gender);
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

    private static int members(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    private static long trueTotal(String definition, String cell) {
        long total = 0;
        for (TopicRecord r : TopicReader.readAll(stack.kafka().bootstrapServers(),
                EventCatalogue.ANALYTICS_CELL_TOTALS.name())) {
            if (r.key().startsWith(definition + "|") && r.key().endsWith("|" + cell)) {
                total = Long.parseLong(r.value());
            }
        }
        return total;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
