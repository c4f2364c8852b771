package jp.onplanetz.privacy.consent.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jp.onplanetz.privacy.consent.TestPolicy;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.PublishedEvents;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.answersTo;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.request;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.sendTask;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.task;
import static jp.onplanetz.privacy.testinfra.PublishedEvents.deadLetter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * consent-service's part of data subjects' requests, through the real broker and database: tasks sent as
 * data-request-service publishes them, answers read from the results topic as data-request-service reads them,
 * consents granted and decisions asked through the API.
 */
@QuarkusTest
class DataRequestTasksConsumerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A second recipient of third-party data, so that a request can name one recipient among two. */
    private static final String KITA = "kita-research";

    @BeforeEach
    void recipients() {
        TestPolicy.ensureAcmeAds();
    }

    @Test
    void aDeletionWithdrawsEveryOpenConsentOfThatSubjectOnlyAndKeepsTheRecords() throws Exception {
        String subject = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        grant(subject, "newsletter", null);
        grant(subject, "own-marketing", null);
        grant(subject, "third-party-ads", TestPolicy.ACME_ADS);
        String closedBefore = grant(subject, "attribute-suggestions", null);
        withdraw(subject, closedBefore);
        grant(other, "newsletter", null);
        assertThat(decision(subject, "newsletter", null)).isEqualTo("PERMIT");
        long historyBefore = historyOf(subject);

        String requestId = request(subject, "deletion", "[]", "[]");
        JsonNode answer = answer(requestId);
        assertThat(answer.get("outcome").asText()).isEqualTo("completed");
        assertThat(answer.get("affected").asInt()).isEqualTo(3);
        assertThat(answer.get("system").asText()).isEqualTo("consent-service");
        assertThat(answer.get("detail").asText()).contains("Withdrawn: 3 consents").contains("newsletter")
                .contains("third-party-ads to acme-ads").contains("not deleted").contains("proof");
        assertThat(answer.has("data")).isFalse();

        // nothing deleted: every record is still there, now withdrawn, the request named as the actor
        String actor = "data-request:" + requestId;
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT,
                "select count(*) from consent_record where subject_id = ?", subject)).isEqualTo(4);
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from consent_record where subject_id = ?"
                + " and state = 'withdrawn' and withdrawn_by = ?", subject, actor)).isEqualTo(3);
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from consent_record where subject_id = ?"
                + " and state = 'withdrawn' and withdrawn_by = ?", subject, subject)).isEqualTo(1);
        assertThat(historyOf(subject)).isEqualTo(historyBefore + 3);
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from consent_history where subject_id = ?"
                + " and action = 'withdrawn' and actor = ?", subject, actor)).isEqualTo(3);

        // each withdrawal published as any withdrawal is
        List<TopicRecord> withdrawals = await().atMost(Duration.ofSeconds(30))
                .until(() -> withdrawalsOf(subject, actor), l -> l.size() == 3);
        for (TopicRecord r : withdrawals) {
            PublishedEvents.assertContractHolds(r, EventCatalogue.CONSENT_WITHDRAWN.type(), Services.CONSENT, subject);
        }

        // and decided on: the subject's uses are denied, the other subject's still permitted
        await().atMost(Duration.ofSeconds(10)).until(() -> decision(subject, "newsletter", null).equals("DENY"));
        assertThat(decision(subject, "third-party-ads", TestPolicy.ACME_ADS)).isEqualTo("DENY");
        assertThat(decision(subject, "own-marketing", null)).isEqualTo("DENY");
        assertThat(decision(other, "newsletter", null)).isEqualTo("PERMIT");
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from consent_record where subject_id = ?"
                + " and state = 'granted'", other)).isEqualTo(1);
        assertThat(withdrawalsOf(other, actor)).isEmpty();
    }

    @Test
    void aCessationOfUseWithdrawsOnlyThePurposesNamedAndSaysWhatConsentCannotEnd() throws Exception {
        String subject = UUID.randomUUID().toString();
        grant(subject, "newsletter", null);
        grant(subject, "own-marketing", null);

        JsonNode answer = answer(request(subject, "cessation-of-use",
                "[\"newsletter\",\"service-provision\",\"no-such-purpose\",\"attribute-suggestions\"]", "[]"));
        assertThat(answer.get("outcome").asText()).isEqualTo("completed");
        assertThat(answer.get("affected").asInt()).isEqualTo(1);
        assertThat(answer.get("detail").asText()).contains("Withdrawn: 1 consent (newsletter)")
                .contains("no consent in force to attribute-suggestions")
                .contains("service-provision rests on the contract").contains("privacy officer reviews")
                .contains("no-such-purpose is not a purpose");
        assertThat(stateOf(subject, "newsletter")).isEqualTo("withdrawn");
        assertThat(stateOf(subject, "own-marketing")).isEqualTo("granted");
        await().atMost(Duration.ofSeconds(10)).until(() -> decision(subject, "newsletter", null).equals("DENY"));
        assertThat(decision(subject, "own-marketing", null)).isEqualTo("PERMIT");

        // every purpose: what is left, and the contract-based uses are named as not ended by it
        JsonNode all = answer(request(subject, "cessation-of-use", "[]", "[]"));
        assertThat(all.get("outcome").asText()).isEqualTo("completed");
        assertThat(all.get("affected").asInt()).isEqualTo(1);
        assertThat(all.get("detail").asText()).contains("own-marketing").contains("service-provision")
                .contains("do not rely on your consent");
        assertThat(stateOf(subject, "own-marketing")).isEqualTo("withdrawn");

        // naming only a use that rests on the contract: nothing to withdraw, said so, not failed
        JsonNode contract = answer(request(subject, "consent-withdrawal", "[\"fraud-prevention\"]", "[]"));
        assertThat(contract.get("outcome").asText()).isEqualTo("completed");
        assertThat(contract.get("affected").asInt()).isZero();
        assertThat(contract.get("detail").asText()).startsWith("fraud-prevention rests on the contract")
                .contains("does not end it").contains("privacy officer reviews");
    }

    @Test
    void aProvisionIsStoppedPerRecipientAndAThirdPartyPurposeIsWithdrawnToEveryRecipient() throws Exception {
        ensureKitaResearch();
        String subject = UUID.randomUUID().toString();
        grant(subject, "third-party-ads", TestPolicy.ACME_ADS);
        grant(subject, "third-party-ads", KITA);
        grant(subject, "third-party-market", TestPolicy.ACME_ADS);
        grant(subject, "third-party-market", KITA);
        grant(subject, "newsletter", null);

        JsonNode one = answer(request(subject, "cessation-of-provision", "[]", "[\"" + KITA + "\",\"nobody-known\"]"));
        assertThat(one.get("outcome").asText()).isEqualTo("completed");
        assertThat(one.get("affected").asInt()).isEqualTo(2);
        assertThat(one.get("detail").asText()).contains("third-party-ads to kita-research")
                .contains("third-party-market to kita-research").contains("nobody-known is not a recipient");
        await().atMost(Duration.ofSeconds(10)).until(() -> decision(subject, "third-party-ads", KITA).equals("DENY"));
        assertThat(decision(subject, "third-party-market", KITA)).isEqualTo("DENY");
        assertThat(decision(subject, "third-party-ads", TestPolicy.ACME_ADS)).isEqualTo("PERMIT");
        assertThat(decision(subject, "third-party-market", TestPolicy.ACME_ADS)).isEqualTo("PERMIT");

        // a third-party purpose: to every recipient still consented to
        JsonNode purpose = answer(request(subject, "consent-withdrawal", "[\"third-party-market\"]", "[]"));
        assertThat(purpose.get("affected").asInt()).isEqualTo(1);
        assertThat(purpose.get("detail").asText()).contains("third-party-market to acme-ads");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> decision(subject, "third-party-market", TestPolicy.ACME_ADS).equals("DENY"));
        assertThat(decision(subject, "third-party-ads", TestPolicy.ACME_ADS)).isEqualTo("PERMIT");

        // every recipient: the rest of the provisions, and no first-party use
        JsonNode rest = answer(request(subject, "cessation-of-provision", "[]", "[]"));
        assertThat(rest.get("affected").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> decision(subject, "third-party-ads", TestPolicy.ACME_ADS).equals("DENY"));
        assertThat(decision(subject, "newsletter", null)).isEqualTo("PERMIT");
        assertThat(stateOf(subject, "newsletter")).isEqualTo("granted");
    }

    @Test
    void aDisclosureListsThatSubjectsConsentsWithHistoryEvidenceAndReceiptAndChangesNothing() throws Exception {
        String subject = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String version = TestPolicy.versionInForce();
        String newsletter = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"newsletter\",\"method\":\"web-form\",\"channel\":\"member-site\",\"evidence\":"
                        + "{\"userAgent\":\"DisclosureTest/1.0\",\"ipAddress\":\"198.51.100.23\"}}")
                .when().post(consents(subject)).then().statusCode(201).extract().path("id");
        withdraw(subject, newsletter);
        // granted by an operator on the subject's behalf: the operator is named by role only
        String ads = given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body("{\"purpose\":\"third-party-ads\",\"recipient\":\"acme-ads\",\"method\":\"paper\"}")
                .when().post(consents(subject)).then().statusCode(201).extract().path("id");
        grant(other, "newsletter", null);
        long historyBefore = historyOf(subject);

        JsonNode answer = answer(request(subject, "disclosure", "[]", "[]"));
        assertThat(answer.get("outcome").asText()).isEqualTo("completed");
        assertThat(answer.get("affected").asInt()).isEqualTo(2);
        assertThat(answer.get("detail").asText()).contains("2 records").contains("listed in the data");
        JsonNode data = answer.get("data");
        assertThat(data.get("consentsHeld").asInt()).isEqualTo(2);
        assertThat(data.get("consentsListed").asInt()).isEqualTo(2);
        assertThat(data.get("receiptKeys").asText()).isEqualTo("/api/v1/receipts/keys");
        assertThat(data.get("about").asText()).contains("receipt").contains("operator");
        JsonNode listed = data.get("consents");
        assertThat(listed).hasSize(2);

        JsonNode first = listed.get(0);
        assertThat(first.get("id").asText()).as("the most recent first").isEqualTo(ads);
        assertThat(first.get("purpose").asText()).isEqualTo("third-party-ads");
        assertThat(first.get("recipient").asText()).isEqualTo("acme-ads");
        assertThat(first.get("state").asText()).isEqualTo("granted");
        assertThat(first.get("method").asText()).isEqualTo("paper");
        assertThat(first.get("grantedBy").asText()).isEqualTo("operator");
        assertThat(first.get("withdrawnAt").isNull()).isTrue();
        assertThat(first.get("history")).hasSize(1);
        assertThat(first.get("history").get(0).get("action").asText()).isEqualTo("granted");
        assertThat(first.get("history").get(0).get("by").asText()).isEqualTo("operator");

        JsonNode second = listed.get(1);
        assertThat(second.get("id").asText()).isEqualTo(newsletter);
        assertThat(second.get("purpose").asText()).isEqualTo("newsletter");
        assertThat(second.get("recipient").isNull()).isTrue();
        assertThat(second.get("categories")).extracting(JsonNode::asText).contains("profile.email");
        assertThat(second.get("state").asText()).isEqualTo("withdrawn");
        assertThat(second.get("policyVersion").asText()).isEqualTo(version);
        assertThat(second.get("method").asText()).isEqualTo("web-form");
        assertThat(second.get("channel").asText()).isEqualTo("member-site");
        assertThat(second.get("grantedBy").asText()).isEqualTo("you");
        assertThat(second.get("withdrawnBy").asText()).isEqualTo("you");
        assertThat(OffsetDateTime.parse(second.get("withdrawnAt").asText()))
                .isAfterOrEqualTo(OffsetDateTime.parse(second.get("grantedAt").asText()));
        assertThat(second.get("evidence").get("userAgent").asText()).isEqualTo("DisclosureTest/1.0");
        assertThat(second.get("evidence").get("ipNetwork").asText()).isEqualTo("198.51.100.0/24");
        JsonNode history = second.get("history");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("action").asText()).isEqualTo("granted");
        assertThat(history.get(1).get("action").asText()).isEqualTo("withdrawn");
        assertThat(history.get(1).get("policyVersion").asText()).isEqualTo(version);
        assertThat(OffsetDateTime.parse(history.get(1).get("occurredAt").asText()).getOffset())
                .isEqualTo(ZoneOffset.UTC);

        // the receipt is where the answer says, for the subject itself
        String receipt = second.get("receipt").asText();
        assertThat(receipt).isEqualTo("/api/v1/subjects/" + subject + "/consents/" + newsletter + "/receipt");
        given().auth().oauth2(TestTokens.subject(subject)).when().get(receipt).then().statusCode(200);

        assertThat(data.toString()).as("nobody else's data, no staff member's id").doesNotContain(other)
                .doesNotContain(LocalIdentities.OPERATOR_SUBJECT_ID);
        assertThat(historyOf(subject)).as("a disclosure changes nothing").isEqualTo(historyBefore);
        assertThat(stateOf(subject, "third-party-ads")).isEqualTo("granted");
    }

    @Test
    void aSubjectWithoutConsentRecordsIsAnsweredNothingHeld() throws Exception {
        String nobody = UUID.randomUUID().toString();
        List<String> requests = List.of(request(nobody, "deletion", "[]", "[]"),
                request(nobody, "disclosure", "[]", "[]"), request(nobody, "cessation-of-use", "[]", "[]"),
                request(nobody, "consent-withdrawal", "[\"newsletter\"]", "[]"),
                request(nobody, "cessation-of-provision", "[]", "[]"));
        for (String requestId : requests) {
            JsonNode answer = answer(requestId);
            assertThat(answer.get("outcome").asText()).isEqualTo("nothing-held");
            assertThat(answer.get("affected").asInt()).isZero();
            assertThat(answer.has("data")).isFalse();
            assertThat(answer.get("detail").asText()).contains("holds no record of a consent decision of yours");
        }
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT,
                "select count(*) from consent_record where subject_id = ?", nobody)).isZero();
    }

    @Test
    void requestsForWhatConsentServiceDoesNotKeepAreNotApplicableAndChangeNothing() throws Exception {
        String subject = UUID.randomUUID().toString();
        grant(subject, "newsletter", null);
        long historyBefore = historyOf(subject);

        JsonNode records = answer(request(subject, "provision-record-disclosure", "[]", "[]"));
        assertThat(records.get("outcome").asText()).isEqualTo("not-applicable");
        assertThat(records.get("detail").asText()).contains("disclosure log");
        assertThat(records.has("affected")).isFalse();

        JsonNode correction = answer(request(subject, "correction", "[]", "[]"));
        assertThat(correction.get("outcome").asText()).isEqualTo("not-applicable");
        assertThat(correction.get("detail").asText()).contains("no profile attributes").contains("as they were made");
        assertThat(correction.has("affected")).isFalse();

        assertThat(historyOf(subject)).isEqualTo(historyBefore);
        assertThat(stateOf(subject, "newsletter")).isEqualTo("granted");
    }

    @Test
    void aTaskDeliveredTwiceIsAnsweredOnceAndATaskSentAgainIsAnsweredAgainHarmlessly() throws Exception {
        String subject = UUID.randomUUID().toString();
        grant(subject, "newsletter", null);
        grant(subject, "own-marketing", null);
        String eventId = UUID.randomUUID().toString();
        String requestId = UUID.randomUUID().toString();
        String task = task(subject, requestId, "deletion", "[]", "[]");
        sendTask(eventId, subject, task);
        sendTask(eventId, subject, task);
        // a later task under the same key (same partition): once it is answered, both copies were read, and the
        // outbox publishes in commit order per key, so any answer to them is on the topic by then
        answer(request(subject, "disclosure", "[]", "[]"));

        List<TopicRecord> answers = answersTo(requestId);
        assertThat(answers).hasSize(1);
        JsonNode first = JSON.readTree(answers.get(0).value());
        assertThat(first.get("outcome").asText()).isEqualTo("completed");
        assertThat(first.get("affected").asInt()).isEqualTo(2);
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from inbox_message where consumer ="
                + " 'consent-service.data-request-tasks' and event_id = ?", eventId)).isEqualTo(1);

        // data-request-service sends the same task again (a new event id): carried out again, nothing left to do
        sendTask(UUID.randomUUID().toString(), subject, task);
        List<TopicRecord> both = await().atMost(Duration.ofSeconds(30)).until(() -> answersTo(requestId),
                l -> l.size() == 2);
        JsonNode again = JSON.readTree(both.get(1).value());
        PublishedEvents.assertContractHolds(both.get(1), EventCatalogue.DATA_REQUEST_TASK_ANSWERED.type(),
                Services.CONSENT, subject);
        assertThat(again.get("outcome").asText()).isEqualTo("completed");
        assertThat(again.get("affected").asInt()).isZero();
        assertThat(again.get("detail").asText()).contains("None of your 2 consents was still in force");
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from consent_history where subject_id = ?"
                + " and action = 'withdrawn'", subject)).isEqualTo(2);
        assertThat(withdrawalsOf(subject, "data-request:" + requestId)).hasSize(2);
    }

    @Test
    void aMisfiledOrMalformedTaskIsDeadLetteredAndNeitherCarriedOutNorAnswered() throws Exception {
        String subject = UUID.randomUUID().toString();
        grant(subject, "newsletter", null);

        // schema-valid, but filed under another subject's key: carried out for neither of them
        String misfiled = UUID.randomUUID().toString();
        String misfiledRequest = UUID.randomUUID().toString();
        sendTask(misfiled, UUID.randomUUID().toString(), task(subject, misfiledRequest, "deletion", "[]", "[]"));
        TopicRecord dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(misfiled),
                Optional::isPresent).orElseThrow();
        assertThat(dead.header("dead-letter-reason")).contains("subjectId and ce_subject differ");
        assertThat(dead.header("dead-letter-topic")).isEqualTo(EventCatalogue.DATA_REQUEST_TASKS_TOPIC);

        String unknownType = UUID.randomUUID().toString();
        String unknownRequest = UUID.randomUUID().toString();
        sendTask(unknownType, subject, task(subject, unknownRequest, "erase-everything", "[]", "[]"));
        TopicRecord deadType = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(unknownType),
                Optional::isPresent).orElseThrow();
        assertThat(deadType.header("dead-letter-reason")).contains("data-request.task-assigned.v1");

        // a later task of the subject is answered, so the two before it were read and are settled
        answer(request(subject, "disclosure", "[]", "[]"));
        assertThat(answersTo(misfiledRequest)).isEmpty();
        assertThat(answersTo(unknownRequest)).isEmpty();
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from outbox_event where ce_type = ?"
                        + " and (payload like ? or payload like ?)", EventCatalogue.DATA_REQUEST_TASK_ANSWERED.type(),
                "%" + misfiledRequest + "%", "%" + unknownRequest + "%")).isZero();
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT,
                "select count(*) from inbox_message where event_id in (?, ?)", misfiled, unknownType)).isZero();
        assertThat(stateOf(subject, "newsletter")).isEqualTo("granted");
    }

    // ---- tasks and answers, as data-request-service sends and reads them -------------------------------------
    /** The answers to one request (the topic is keyed by the subject; the request's id is in the payload). */
    /** Waits for the one answer to the request and checks it against the published contract. */
    private static JsonNode answer(String requestId) throws Exception {
        TopicRecord r = await().atMost(Duration.ofSeconds(30)).until(() -> answersTo(requestId), l -> !l.isEmpty())
                .get(0);
        JsonNode answer = JSON.readTree(r.value());
        PublishedEvents.assertContractHolds(r, EventCatalogue.DATA_REQUEST_TASK_ANSWERED.type(), Services.CONSENT,
                answer.get("subjectId").asText());
        assertThat(answer.get("requestId").asText()).isEqualTo(requestId);
        return answer;
    }

    /** The subject's consent.withdrawn.v1 events made by {@code actor}. */
    private static List<TopicRecord> withdrawalsOf(String subject, String actor) {
        List<TopicRecord> out = new ArrayList<>();
        for (TopicRecord r : PublishedEvents.about(EventCatalogue.CONSENT_TOPIC, subject)) {
            if (EventCatalogue.CONSENT_WITHDRAWN.type().equals(r.header(CloudEventHeaders.TYPE))
                    && r.value().contains("\"actor\":\"" + actor + "\"")) {
                out.add(r);
            }
        }
        return out;
    }

    // ---- consents and decisions, through the API --------------------------------------------------------------

    private static String consents(String subject) {
        return "/api/v1/subjects/" + subject + "/consents";
    }

    private static String grant(String subject, String purpose, String recipient) {
        return given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"" + purpose + "\"" + (recipient == null ? "" : ",\"recipient\":\"" + recipient
                        + "\"") + ",\"method\":\"web-form\"}")
                .when().post(consents(subject)).then().statusCode(201).extract().path("id");
    }

    private static void withdraw(String subject, String consentId) {
        given().auth().oauth2(TestTokens.subject(subject)).when()
                .post(consents(subject) + "/" + consentId + "/withdrawal").then().statusCode(200);
    }

    /** PERMIT or DENY, as a service asking before a use of the subject's e-mail address would hear it. */
    private static String decision(String subject, String purpose, String recipient) {
        return given().auth().oauth2(TestTokens.service(LocalIdentities.ANALYTICS_GATEWAY))
                .contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subject + "\",\"purpose\":\"" + purpose
                        + "\",\"categories\":[\"profile.email\"]"
                        + (recipient == null ? "" : ",\"recipient\":\"" + recipient + "\"") + "}")
                .when().post("/api/v1/decisions/check").then().statusCode(200).extract().path("decision");
    }

    private static String stateOf(String subject, String purpose) {
        return (String) ServiceDb.single(ServiceDatabases.CONSENT, "select state from consent_record where subject_id"
                + " = ? and purpose = ? order by granted_at desc limit 1", subject, purpose);
    }

    private static long historyOf(String subject) {
        return ServiceDb.count(ServiceDatabases.CONSENT,
                "select count(*) from consent_history where subject_id = ?", subject);
    }

    /** Puts kita-research into the policy as a second recipient of third-party data (once per run; idempotent). */
    private static synchronized void ensureKitaResearch() {
        TestPolicy.putRecipient(KITA, "Kita Research K.K.", "third-party-ads", "third-party-market");
        TestPolicy.publish("Kita Research K.K. receives data for advertising and market analysis.");
    }
}
