package jp.onplanetz.privacy.disclosurelog.events;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.disclosurelog.service.ledger.CheckpointService;
import jp.onplanetz.privacy.disclosurelog.service.ledger.RetentionService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestEvents;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.Records.append;
import static jp.onplanetz.privacy.disclosurelog.support.Records.newSubject;
import static jp.onplanetz.privacy.disclosurelog.support.Records.receiving;
import static jp.onplanetz.privacy.disclosurelog.support.Records.today;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Records made by the actual uses, through the real broker; checkpoints out to their topic; retention.
 */
@QuarkusTest
class DataUseEventsConsumerTest {

    private static final ServiceDatabases.ServiceDatabase DB = ServiceDatabases.DISCLOSURE_LOG;

    @Inject
    CheckpointService checkpoints;
    @Inject
    RetentionService retention;

    private static String use(String subject, String recipient, String basis, String legalException) {
        return """
                {"useId": "%s", "subjectId": "%s", "purpose": "third-party-ads", "categories": ["profile.email"],
                 "recipient": %s, "recipientIdentity": %s, "basis": "%s", "consentId": %s,
                 "policyVersion": "%s", "legalException": %s, "justification": %s, "caller": "marketing-service",
                 "reviewRequired": %s, "decidedAt": "%s"}""".formatted(UUID.randomUUID(), subject,
                recipient == null ? "null" : "\"" + recipient + "\"",
                recipient == null || legalException != null ? "null"
                        : "{\"name\": \"Acme Ads K.K.\", \"address\": \"1-1 Marunouchi, Chiyoda-ku, Tokyo\", \"representative\": \"Taro Acme, CEO\"}",
                basis, "consent".equals(basis) ? "\"" + UUID.randomUUID() + "\"" : "null", "b".repeat(64),
                legalException == null ? "null" : "\"" + legalException + "\"",
                legalException == null ? "null" : "\"court order 2026-(wa)-123\"", legalException != null, Instant.now());
    }

    private static void send(String eventId, String subject, String payload) {
        assertThat(EventSchemas.violations(EventCatalogue.DATA_USE_RECORDED, payload)).isEmpty();
        TestEvents.send(EventCatalogue.DATA_USE_TOPIC, EventCatalogue.DATA_USE_RECORDED.type(),
                EventCatalogue.DATA_USE_RECORDED.dataSchema(), Services.CONSENT, eventId, subject, payload);
    }

    private static long records(String subject) {
        return ServiceDb.count(DB, "select count(*) from ledger_payload where subject_id = ?", subject);
    }

    @Test
    void aPermittedProvisionBecomesARecordOnceHoweverOftenItIsDelivered() {
        String subject = newSubject();
        String eventId = UUID.randomUUID().toString();
        String payload = use(subject, "acme-ads", "consent", null);
        send(eventId, subject, payload);
        await().atMost(Duration.ofSeconds(30)).until(() -> records(subject) == 1);

        send(eventId, subject, payload);
        // A later use inside the company on the same key: once it is consumed, the duplicate before it was too.
        String marker = UUID.randomUUID().toString();
        send(marker, subject, use(subject, null, "consent", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> ServiceDb.count(DB,
                "select count(*) from inbox_message where event_id = ?", marker) == 1);
        assertThat(records(subject)).isEqualTo(1);

        given().auth().oauth2(TestTokens.subject(subject)).when().get("/api/v1/subjects/{s}/records", subject)
                .then().statusCode(200)
                .body("[0].record.recipient.name", equalTo("Acme Ads K.K."))
                .body("[0].record.source.eventId", equalTo(eventId))
                .body("[0].record.basis.type", equalTo("consent"))
                .body("[0].basisCheck.status", equalTo("confirmed"))
                .body("[0].basisCheck.reason", equalTo("permitted-by-consent-service"));
    }

    @Test
    void aUseOnALegalExceptionIsKeptWithItsReasonApartFromTheRecords() {
        String subject = newSubject();
        String eventId = UUID.randomUUID().toString();
        send(eventId, subject, use(subject, "tokyo-district-court", "legal-exception", "laws-and-regulations"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ServiceDb.count(DB,
                "select count(*) from legal_exception_use where subject_id = ?", subject) == 1);
        assertThat(records(subject)).isZero();
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("size", 500)
                .when().get("/api/v1/legal-exception-uses")
                .then().statusCode(200);
        assertThat(ServiceDb.single(DB, "select reason_code from legal_exception_use where subject_id = ?", subject))
                .isEqualTo("laws-and-regulations");
    }

    @Test
    void signedCheckpointsArePublishedToTheirTopic() {
        append("/api/v1/records/receivings", receiving(newSubject(), today(), today()));
        var signed = checkpoints.signAll();
        assertThat(signed).isNotEmpty();
        var last = signed.get(signed.size() - 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<TopicRecord> published = TopicReader.readAll(EventCatalogue.LEDGER_CHECKPOINT_TOPIC);
            assertThat(published).anySatisfy(r -> {
                assertThat(r.value()).contains("\"treeSize\":" + last.checkpoint().treeSize());
                assertThat(r.value()).contains(last.checkpoint().rootHash());
                assertThat(r.key()).isEqualTo(last.checkpoint().logId().substring(last.checkpoint().logId().lastIndexOf('/') + 1));
            });
        });
    }

    @Test
    void expiredRecordsLoseTheirBytesUnlessHeldAndTheLedgerStillVerifies() {
        String expired = newSubject();
        String held = newSubject();
        String kept = newSubject();
        // Received in 2021: three years after the last day have passed.
        String expiredId = append("/api/v1/records/receivings", receiving(expired, today().minusYears(5), today().minusYears(4)));
        String heldId = append("/api/v1/records/receivings", receiving(held, today().minusYears(5), today().minusYears(4)));
        String keptId = append("/api/v1/records/receivings", receiving(kept, today().minusYears(2), today().minusYears(1)));
        ServiceDb.update(DB, "insert into legal_hold (id, subject_id, reason, placed_by, placed_at) values (?, ?, ?, ?, now())",
                UUID.randomUUID(), held, "litigation hold, case 2026-77", "officer");
        checkpoints.signAll();

        retention.redactExpiredNow();

        assertThat(records(expired)).isZero();
        assertThat(records(held)).isEqualTo(1);
        assertThat(records(kept)).isEqualTo(1);
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get("/api/v1/records/{id}", expiredId)
                .then().statusCode(200).body("redacted", equalTo(true)).body("record", equalTo(null));
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get("/api/v1/records/{id}", heldId)
                .then().statusCode(200).body("redacted", equalTo(false));
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get("/api/v1/records/{id}", keptId)
                .then().statusCode(200).body("record.retainUntil", equalTo(today().minusYears(1).plusYears(3).toString()));
        given().auth().oauth2(TestTokens.operator()).when().post("/api/v1/ledger/verifications")
                .then().statusCode(200).body("intact", equalTo(true));
    }
}
