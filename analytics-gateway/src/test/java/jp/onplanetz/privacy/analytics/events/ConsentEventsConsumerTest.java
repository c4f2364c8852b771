package jp.onplanetz.privacy.analytics.events;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.TopicReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The gateway's consent projection, fed through the real broker with events as consent-service publishes them. */
@QuarkusTest
class ConsentEventsConsumerTest {

    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SuiteInfrastructure.get().kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void grantThenWithdrawIsProjectedAndARedeliveryChangesNothing() throws Exception {
        String subject = UUID.randomUUID().toString();
        String consentId = UUID.randomUUID().toString();
        String grantId = UUID.randomUUID().toString();
        send(EventCatalogue.CONSENT_GRANTED, grantId, subject, """
                {"consentId":"%s","subjectId":"%s","purpose":"anonymised-statistics","recipient":"acme-ads",
                 "grantedAt":"2026-11-25T01:00:00Z","expiresAt":null,"method":"web-form","actor":"%s"}"""
                .formatted(consentId, subject, subject));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> projectionOf(subject, consentId, "granted"));

        String withdrawId = UUID.randomUUID().toString();
        String withdrawal = """
                {"consentId":"%s","subjectId":"%s","purpose":"anonymised-statistics","recipient":"acme-ads",
                 "withdrawnAt":"2026-11-25T02:00:00Z","actor":"%s"}""".formatted(consentId, subject, subject);
        send(EventCatalogue.CONSENT_WITHDRAWN, withdrawId, subject, withdrawal);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> projectionOf(subject, consentId, "withdrawn"));

        // The grant delivered again (as after a relay retry) must not reopen the withdrawn consent.
        send(EventCatalogue.CONSENT_GRANTED, grantId, subject, """
                {"consentId":"%s","subjectId":"%s","purpose":"anonymised-statistics","recipient":"acme-ads",
                 "grantedAt":"2026-11-25T01:00:00Z","expiresAt":null,"method":"web-form","actor":"%s"}"""
                .formatted(consentId, subject, subject));
        String marker = UUID.randomUUID().toString();
        sendGrant(subject, marker); // a later event on the same partition: once it is applied, the duplicate was read
        await().atMost(Duration.ofSeconds(30)).until(() -> ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from consent_projection where consent_id = ?::uuid", marker) == 1);
        projectionOf(subject, consentId, "withdrawn");
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from inbox_message where event_id in (?, ?)", grantId, withdrawId)).isEqualTo(2);
    }

    @Test
    void aPolicyChangeVoidsTheConsentAndARenewingGrantSupersedesIt() throws Exception {
        String subject = UUID.randomUUID().toString();
        String old = UUID.randomUUID().toString();
        String v1 = "a".repeat(64);
        String v2 = "b".repeat(64);
        send(EventCatalogue.CONSENT_GRANTED, UUID.randomUUID().toString(), subject, """
                {"consentId":"%s","subjectId":"%s","purpose":"anonymised-statistics","recipient":"acme-ads",
                 "grantedAt":"2026-11-25T01:00:00Z","expiresAt":null,"method":"web-form","actor":"%s",
                 "policyVersion":"%s","categories":["log.service-usage"],"channel":null,"supersedes":null}"""
                .formatted(old, subject, subject, v1));
        send(EventCatalogue.CONSENT_RECONSENT_REQUIRED, UUID.randomUUID().toString(), subject, """
                {"consentId":"%s","subjectId":"%s","purpose":"anonymised-statistics","recipient":"acme-ads",
                 "policyVersion":"%s","previousPolicyVersion":"%s","occurredAt":"2026-11-25T02:00:00Z",
                 "changes":[{"kind":"purpose-category-added","classification":"consent-required",
                   "code":"anonymised-statistics","related":"profile.phone","description":"now also uses the phone"}]}"""
                .formatted(old, subject, v2, v1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> projectionOf(subject, old, "reconsent-required"));

        String renewed = UUID.randomUUID().toString();
        send(EventCatalogue.CONSENT_GRANTED, UUID.randomUUID().toString(), subject, """
                {"consentId":"%s","subjectId":"%s","purpose":"anonymised-statistics","recipient":"acme-ads",
                 "grantedAt":"2026-11-25T03:00:00Z","expiresAt":null,"method":"web-form","actor":"%s",
                 "policyVersion":"%s","categories":["log.service-usage","profile.phone"],"channel":null,"supersedes":"%s"}"""
                .formatted(renewed, subject, subject, v2, old));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            projectionOf(subject, old, "superseded");
            projectionOf(subject, renewed, "granted");
        });
    }

    @Test
    void aPoisonEventIsDeadLetteredAndChangesNothing() throws Exception {
        String subject = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString();
        send(EventCatalogue.CONSENT_GRANTED, id, subject, "{\"consentId\":\"not-a-uuid\",\"subjectId\":\"" + subject + "\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(EventCatalogue.DEAD_LETTERS.name())
                .stream().anyMatch(r -> id.equals(r.header(CloudEventHeaders.ID))));
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from consent_projection where subject_id = ?", subject)).isZero();
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from inbox_message where event_id = ?", id)).isZero();
    }

    @Test
    void onlyPrivacyOfficersAndOperatorsReadTheProjection() {
        String path = "/api/v1/consent-projection/" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(path).then().statusCode(200);
        given().auth().oauth2(TestTokens.operator()).when().get(path).then().statusCode(200);
        given().auth().oauth2(TestTokens.recipient()).when().get(path).then().statusCode(403);
        given().auth().oauth2(TestTokens.subject(UUID.randomUUID().toString())).when().get(path).then().statusCode(403);
        given().when().get(path).then().statusCode(401);
    }

    private static void projectionOf(String subject, String consentId, String state) {
        String it = "find { it.consentId == '" + consentId + "' }";
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get("/api/v1/consent-projection/" + subject)
                .then().statusCode(200).body(it + ".state", equalTo(state))
                .body(it + ".recipient", equalTo("acme-ads")).body(it + ".subjectId", equalTo(subject));
    }

    private static void sendGrant(String subject, String consentId) throws Exception {
        send(EventCatalogue.CONSENT_GRANTED, UUID.randomUUID().toString(), subject, """
                {"consentId":"%s","subjectId":"%s","purpose":"newsletter","recipient":null,
                 "grantedAt":"2026-11-25T03:00:00Z","expiresAt":null,"method":"api","actor":"%s"}"""
                .formatted(consentId, subject, subject));
    }

    private static void send(EventType type, String id, String subject, String payload) throws Exception {
        ProducerRecord<String, String> r = new ProducerRecord<>(type.topic(), subject, payload);
        header(r, CloudEventHeaders.SPEC_VERSION, "1.0");
        header(r, CloudEventHeaders.ID, id);
        header(r, CloudEventHeaders.SOURCE, "/privacy-ops/consent-service");
        header(r, CloudEventHeaders.TYPE, type.type());
        header(r, CloudEventHeaders.SUBJECT, subject);
        header(r, CloudEventHeaders.TIME, Instant.now().toString());
        header(r, CloudEventHeaders.DATA_SCHEMA, type.dataSchema());
        header(r, CloudEventHeaders.CONTENT_TYPE, "application/json");
        producer.send(r).get();
    }

    private static void header(ProducerRecord<String, String> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
