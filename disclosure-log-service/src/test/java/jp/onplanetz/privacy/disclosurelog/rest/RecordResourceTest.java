package jp.onplanetz.privacy.disclosurelog.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointVerifier;
import jp.onplanetz.privacy.disclosurelog.ledger.EntryHeader;
import jp.onplanetz.privacy.disclosurelog.ledger.MerkleTree;
import jp.onplanetz.privacy.disclosurelog.ledger.SignedCheckpoint;
import jp.onplanetz.privacy.disclosurelog.service.records.BasisCheckService;
import jp.onplanetz.privacy.disclosurelog.service.ledger.CheckpointService;
import jp.onplanetz.privacy.disclosurelog.support.FakeConsentService;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.Records.append;
import static jp.onplanetz.privacy.disclosurelog.support.Records.newSubject;
import static jp.onplanetz.privacy.disclosurelog.support.Records.onConsent;
import static jp.onplanetz.privacy.disclosurelog.support.Records.personRelated;
import static jp.onplanetz.privacy.disclosurelog.support.Records.receiving;
import static jp.onplanetz.privacy.disclosurelog.support.Records.today;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** Records appended by services, read back by their subject with proofs that check without trusting the service. */
@QuarkusTest
@QuarkusTestResource(FakeConsentService.class)
class RecordResourceTest {

    static final String PROVISIONS = "/api/v1/records/provisions";

    @Inject
    CheckpointService checkpoints;
    @Inject
    BasisCheckService basisChecks;

    static String service() {
        return TestTokens.service(LocalIdentities.DATA_REQUEST_SERVICE);
    }

    static long recordsOf(String subject) {
        return ServiceDb.count(ServiceDatabases.DISCLOSURE_LOG, "select count(*) from ledger_payload where subject_id = ?", subject);
    }

    @Test
    void aSubjectDownloadsItsRecordsEachWithAnInclusionProofThatVerifiesAgainstTheSignedCheckpoint() {
        String subject = newSubject();
        String recordId = append(PROVISIONS, personRelated(subject));
        checkpoints.signAll();

        JsonPath listed = given().auth().oauth2(TestTokens.subject(subject))
                .when().get("/api/v1/subjects/{s}/records", subject)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        assertThat(listed.getList("recordId")).containsExactly(recordId);
        assertThat(listed.getString("[0].record.recipient.name")).isEqualTo("Acme Ads K.K.");
        assertThat(listed.getString("[0].record.recipient.address")).isEqualTo("1-1 Marunouchi, Chiyoda-ku, Tokyo");
        assertThat(listed.getString("[0].record.recipient.representative")).isEqualTo("Taro Acme, CEO");
        assertThat(listed.getString("[0].record.subject.identification")).isEqualTo("member number 10-2048");
        assertThat(listed.getList("[0].record.items")).containsExactly("cookie-id", "pages viewed");
        assertThat(listed.getString("[0].record.period.firstDay")).isEqualTo(today().toString());
        assertThat(listed.getString("[0].record.retainUntil")).isEqualTo(today().plusYears(3).toString());
        assertThat(listed.getString("[0].basisCheck.status")).isEqualTo("confirmed");

        // The subject checks the proof with nothing but the public key: the leaf from the record's place and hash,
        // the root from the signed note.
        Map<String, String> jwk = given().when().get("/api/v1/ledger/key").then().statusCode(200).extract().path("jwk");
        CheckpointVerifier verifier = CheckpointVerifier.ofJwk(given().when().get("/api/v1/ledger/key").then()
                .extract().path("keyName"), jwk);
        SignedCheckpoint checkpoint = SignedCheckpoint.parse(listed.getString("[0].inclusionProof.checkpoint"));
        assertThat(verifier.verify(checkpoint)).isTrue();
        byte[] leaf = new EntryHeader(listed.getString("[0].logId"), listed.getLong("[0].index"), UUID.fromString(recordId),
                "provision", Instant.parse(listed.getString("[0].recordedAt")), LocalDate.parse(listed.getString("[0].record.retainUntil")),
                HexFormat.of().parseHex(listed.getString("[0].recordSha256"))).leafHash();
        assertThat(HexFormat.of().formatHex(leaf)).isEqualTo(listed.getString("[0].inclusionProof.leafHash"));
        List<byte[]> path = listed.getList("[0].inclusionProof.path", String.class).stream().map(HexFormat.of()::parseHex).toList();
        assertThat(MerkleTree.verifyInclusion(leaf, listed.getLong("[0].index"), checkpoint.checkpoint().treeSize(), path,
                checkpoint.checkpoint().rootHashBytes())).isTrue();
        assertThat(checkpoint.checkpoint().logId()).endsWith("/" + listed.getString("[0].logId"));

        // The CSV carries the record's exact bytes: they hash to what the leaf covers.
        String csv = given().auth().oauth2(TestTokens.subject(subject)).accept("text/csv")
                .when().get("/api/v1/subjects/{s}/records", subject)
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        List<List<String>> rows = Csv.parse(csv);
        assertThat(rows).hasSize(2);
        List<String> header = rows.get(0);
        List<String> row = rows.get(1);
        assertThat(row.get(header.indexOf("recordId"))).isEqualTo(recordId);
        assertThat(row.get(header.indexOf("counterparty"))).isEqualTo("Acme Ads K.K.");
        assertThat(row.get(header.indexOf("items"))).isEqualTo("cookie-id;pages viewed");
        assertThat(HexFormat.of().formatHex(EntryHeader.payloadSha256(row.get(header.indexOf("record")))))
                .isEqualTo(listed.getString("[0].recordSha256"));
        assertThat(row.get(header.indexOf("checkpoint"))).isEqualTo(checkpoint.note());
    }

    @Test
    void aRecordAppendedAfterTheNewestCheckpointHasItsProofOnceTheNextIsSigned() {
        String subject = newSubject();
        append(PROVISIONS, personRelated(subject));
        given().auth().oauth2(TestTokens.subject(subject)).when().get("/api/v1/subjects/{s}/records", subject)
                .then().statusCode(200).body("[0].inclusionProof", equalTo(null));
        checkpoints.signAll();
        given().auth().oauth2(TestTokens.subject(subject)).when().get("/api/v1/subjects/{s}/records", subject)
                .then().statusCode(200).body("[0].inclusionProof.treeSize", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void aSubjectCannotReadAnotherSubjectsRecords() {
        String subject = newSubject();
        append(PROVISIONS, personRelated(subject));
        given().auth().oauth2(TestTokens.subject(newSubject()))
                .when().get("/api/v1/subjects/{s}/records", subject)
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void dataReceivedFromOutsideIsRecordedWithItsProviderAndHowTheProviderObtainedIt() {
        String subject = newSubject();
        String id = append("/api/v1/records/receivings", receiving(subject, today().minusDays(30), today()));
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get("/api/v1/records/{id}", id)
                .then().statusCode(200)
                .body("kind", equalTo("receiving"))
                .body("record.provider.name", equalTo("Facebook (Meta Platforms, Inc.)"))
                .body("record.providerObtainedBy", startsWith("the user's own profile entries"))
                .body("record.consent", startsWith("the user consented"))
                .body("record.period.lastDay", equalTo(today().toString()))
                .body("basisCheck.status", equalTo("not-applicable"));
    }

    @Test
    void aBatchIsWrittenWholeOrNotAtAll() {
        String subject = newSubject();
        String good = personRelated(subject);
        String unknownRecipient = personRelated(subject).replace("\"acme-ads\"", "\"nobody-we-know\"");
        given().auth().oauth2(service()).contentType(ContentType.JSON)
                .body("{\"records\": [" + good + "," + unknownRecipient + "," + good + "]}")
                .when().post(PROVISIONS + "/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("'invalid-params'.name", equalTo(List.of("records[1].recipient")));
        assertThat(recordsOf(subject)).isZero();

        given().auth().oauth2(service()).contentType(ContentType.JSON)
                .body("{\"records\": [" + good + "," + good + "]}")
                .when().post(PROVISIONS + "/batch")
                .then().statusCode(201).body("records.size()", equalTo(2));
        assertThat(recordsOf(subject)).isEqualTo(2);
    }

    @Test
    void aRepeatedRequestGetsTheRecordItMadeAndAReusedIdWithAnotherRequestIsRefused() {
        String subject = newSubject();
        String requestId = UUID.randomUUID().toString();
        String body = personRelated(subject).replaceFirst("\\{", "{\"requestId\": \"" + requestId + "\", ");
        String first = append(PROVISIONS, body);
        // The caller did not hear the answer and sends the same request again: the same record, nothing new.
        given().auth().oauth2(service()).contentType(ContentType.JSON).body(body)
                .when().post(PROVISIONS)
                .then().statusCode(200).body("recordId", equalTo(first)).body("replayed", equalTo(true));
        // In a batch beside a new record: the repeated one is the old record, the other is appended.
        List<String> ids = given().auth().oauth2(service()).contentType(ContentType.JSON)
                .body("{\"records\": [" + body + "," + personRelated(subject) + "]}")
                .when().post(PROVISIONS + "/batch")
                .then().statusCode(201).extract().path("records.recordId");
        assertThat(ids.get(0)).isEqualTo(first);
        assertThat(ids.get(1)).isNotEqualTo(first);
        assertThat(recordsOf(subject)).isEqualTo(2);
        // The same id for a different record is a mistake the caller must hear about.
        given().auth().oauth2(service()).contentType(ContentType.JSON)
                .body(body.replace("pages viewed", "purchases"))
                .when().post(PROVISIONS)
                .then().statusCode(409).contentType("application/problem+json");
        // Another caller's ids are its own.
        given().auth().oauth2(TestTokens.service(LocalIdentities.ANALYTICS_GATEWAY)).contentType(ContentType.JSON).body(body)
                .when().post(PROVISIONS)
                .then().statusCode(201).body("replayed", equalTo(false));
        assertThat(recordsOf(subject)).isEqualTo(3);
    }

    @Test
    void aMalformedBatchIsRefusedWithTheOffendingField() {
        String subject = newSubject();
        given().auth().oauth2(service()).contentType(ContentType.JSON)
                .body("{\"records\": [" + personRelated(subject) + ", {\"subjectId\": \"" + subject + "\"}]}")
                .when().post(PROVISIONS + "/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("'invalid-params'.name", hasItem("records[1].items"));
        given().auth().oauth2(service()).contentType(ContentType.JSON).body("{\"records\": []}")
                .when().post(PROVISIONS + "/batch")
                .then().statusCode(400).body("'invalid-params'.name", hasItem("records"));
        given().auth().oauth2(service()).contentType(ContentType.JSON).body("{\"records\": [")
                .when().post(PROVISIONS + "/batch")
                .then().statusCode(400).contentType("application/problem+json");
        assertThat(recordsOf(subject)).isZero();
    }

    @Test
    void badRecordsAreRefusedNamingTheFieldAndNothingIsWritten() {
        String subject = newSubject();
        refused(personRelated(subject).replace("\"items\": [\"cookie-id\", \"pages viewed\"]", "\"items\": []"), "items");
        refused(personRelated(subject).replace("\"acme-ads\"", "\"nobody-we-know\""), "recipient");
        refused(personRelated(subject).replace("person-related-confirmation", "because-we-can"), "basis.type");
        refused(personRelated(subject).replace("\"recipientConsentConfirmed\": true", "\"recipientConsentConfirmed\": false"),
                "basis.recipientConsentConfirmed");
        refused(onConsent(subject, UUID.randomUUID().toString()).replace(", \"consentId\": \"", ", \"x\": \""), "basis.x");
        refused("""
                {"subjectId": "%s", "recipient": "acme-ads", "firstDay": "%s", "items": ["profile.email"],
                 "basis": {"type": "consent"}}""".formatted(subject, today()), "basis.consentId");
        refused(personRelated(subject).replace("\"firstDay\": \"" + today(), "\"firstDay\": \"" + today().plusDays(2)), "firstDay");
        refused(personRelated(subject).replace("\"firstDay\": \"" + today() + "\"",
                "\"firstDay\": \"" + today() + "\", \"lastDay\": \"" + today().minusDays(3) + "\""), "lastDay");
        assertThat(recordsOf(subject)).isZero();
    }

    private static void refused(String body, String field) {
        given().auth().oauth2(service()).contentType(ContentType.JSON).body(body)
                .when().post(PROVISIONS)
                .then().statusCode(400).contentType("application/problem+json")
                .body("'invalid-params'.name", hasItem(field));
    }

    @Test
    void aConsentThatDidNotStandAtTheTimeIsFlaggedNotSilentlyAccepted() {
        String subject = newSubject();
        String withdrawn = UUID.randomUUID().toString();
        String inForce = UUID.randomUUID().toString();
        String otherRecipient = UUID.randomUUID().toString();
        standing(withdrawn, subject, "acme-ads", "withdrawn");
        standing(inForce, subject, "acme-ads", "in-force");
        standing(otherRecipient, subject, "google-analytics", "in-force");
        String a = append(PROVISIONS, onConsent(subject, withdrawn));
        String b = append(PROVISIONS, onConsent(subject, inForce));
        String c = append(PROVISIONS, onConsent(subject, otherRecipient));
        String d = append(PROVISIONS, onConsent(subject, UUID.randomUUID().toString()));
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get("/api/v1/records/{id}", a)
                .then().statusCode(200).body("basisCheck.status", equalTo("pending"));

        basisChecks.checkPendingNow();

        check(a, "flagged", "consent-withdrawn");
        check(b, "confirmed", "consent-in-force");
        check(c, "flagged", "consent-for-another-recipient");
        check(d, "flagged", "consent-not-found");
    }

    private static void standing(String consentId, String subject, String recipient, String standing) {
        given().contentType(ContentType.JSON).body("""
                {"consentId": "%s", "subjectId": "%s", "purpose": "third-party-ads", "recipient": "%s",
                 "categories": ["profile.email"], "standing": "%s"}""".formatted(consentId, subject, recipient, standing))
                .baseUri(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("quarkus.rest-client.consent-service.url", String.class))
                .when().put("/fake/standings/{id}", consentId)
                .then().statusCode(204);
    }

    private static void check(String recordId, String status, String reason) {
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get("/api/v1/records/{id}", recordId)
                .then().statusCode(200).body("basisCheck.status", equalTo(status)).body("basisCheck.reason", equalTo(reason));
    }

    @Test
    void theOfficerQueriesByRecipientPeriodAndSubjectAndExportsForARegulator() {
        String subject = newSubject();
        String provision = append(PROVISIONS, personRelated(subject));
        String received = append("/api/v1/records/receivings", receiving(subject, today().minusDays(10), today().minusDays(5)));
        given().auth().oauth2(TestTokens.privacyOfficer())
                .queryParam("subject", subject).queryParam("recipient", "acme-ads")
                .queryParam("from", today().toString()).queryParam("to", today().toString())
                .when().get("/api/v1/records")
                .then().statusCode(200).body("items.recordId", equalTo(List.of(provision)));
        given().auth().oauth2(TestTokens.privacyOfficer())
                .queryParam("subject", subject).queryParam("to", today().minusDays(5).toString())
                .when().get("/api/v1/records")
                .then().statusCode(200).body("items.recordId", equalTo(List.of(received)));
        given().auth().oauth2(TestTokens.privacyOfficer())
                .queryParam("from", today().toString()).queryParam("to", today().minusDays(1).toString())
                .when().get("/api/v1/records")
                .then().statusCode(400).body("'invalid-params'.name", hasItem("to"));

        String csv = given().auth().oauth2(TestTokens.privacyOfficer()).accept("text/csv")
                .queryParam("subject", subject)
                .when().get("/api/v1/records/export")
                .then().statusCode(200).header("Content-Disposition", startsWith("attachment")).extract().asString();
        assertThat(Csv.parse(csv)).hasSize(3);
    }

    /** A strict RFC 4180 reader: quoted fields may hold commas, quotes and line breaks. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new java.util.ArrayList<>();
            List<String> row = new java.util.ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (quoted) {
                    if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (ch == '"') {
                        quoted = false;
                    } else {
                        cell.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new java.util.ArrayList<>();
                    i++;
                } else {
                    cell.append(ch);
                }
            }
            return rows;
        }
    }

}
