package jp.onplanetz.privacy.disclosurelog.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.disclosurelog.ledger.EntryHeader;
import jp.onplanetz.privacy.disclosurelog.service.ledger.CheckpointService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.DataRequestTasks.answer;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.answersTo;
import static jp.onplanetz.privacy.disclosurelog.support.DataRequestTasks.checked;
import static jp.onplanetz.privacy.testinfra.PublishedEvents.deadLetter;
import static jp.onplanetz.privacy.disclosurelog.support.DataRequestTasks.marks;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.request;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.sendTask;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.task;
import static jp.onplanetz.privacy.disclosurelog.support.Records.append;
import static jp.onplanetz.privacy.disclosurelog.support.Records.newSubject;
import static jp.onplanetz.privacy.disclosurelog.support.Records.personRelated;
import static jp.onplanetz.privacy.disclosurelog.support.Records.receiving;
import static jp.onplanetz.privacy.disclosurelog.support.Records.today;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The disclosure log's part of data subjects' requests, through the real broker and database: tasks as
 * data-request-service publishes them, answers read from the results topic as it reads them. The records stay
 * whatever is asked, and the ledger still verifies.
 */
@QuarkusTest
class DataRequestTasksConsumerTest {

    private static final ServiceDatabases.ServiceDatabase DB = ServiceDatabases.DISCLOSURE_LOG;
    private static final String PROVISIONS = "/api/v1/records/provisions";
    private static final String RECEIVINGS = "/api/v1/records/receivings";

    @Inject
    CheckpointService checkpoints;

    private static long records(String subject) {
        return ServiceDb.count(DB, "select count(*) from ledger_payload where subject_id = ?", subject);
    }

    private static JsonPath recordsAsTheSubject(String subject) {
        return given().auth().oauth2(TestTokens.subject(subject)).when().get("/api/v1/subjects/{s}/records", subject)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aDeletionKeepsTheRecordsMarksTheSubjectOnceAndAnswersWithTheirCount() {
        String subject = newSubject();
        String other = newSubject();
        append(PROVISIONS, personRelated(subject));
        append(PROVISIONS, personRelated(subject));
        append(RECEIVINGS, receiving(subject, today().minusDays(3), today().minusDays(1)));
        append(PROVISIONS, personRelated(other));

        String requestId = UUID.randomUUID().toString();
        String firstEvent = UUID.randomUUID().toString();
        String task = task(subject, requestId, "deletion", "[]", "[]");
        sendTask(firstEvent, subject, task);
        JsonNode answer = answer(requestId);
        assertThat(answer.get("outcome").asText()).isEqualTo("completed");
        assertThat(answer.get("affected").asInt()).isEqualTo(3);
        assertThat(answer.get("subjectId").asText()).isEqualTo(subject);
        assertThat(answer.has("data")).isFalse();
        assertThat(answer.get("detail").asText())
                .contains("3 records", "2 of personal data provided to third parties", "1 of personal data received")
                .contains("not deleted", "Articles 29 and 30")
                .contains("ends on " + today().plusYears(3) + " at the latest")
                .contains("marked as subject to your request to delete your data")
                .contains("used for nothing but this legal record-keeping");

        // kept, marked once, with the request as it came
        assertThat(records(subject)).isEqualTo(3);
        assertThat(marks(subject)).isEqualTo(1);
        assertThat(marks(other)).isZero();
        assertThat(ServiceDb.single(DB, "select event_id from subject_request_mark where request_id = ?::uuid",
                requestId)).isEqualTo(firstEvent);
        assertThat(ServiceDb.single(DB, "select request_type from subject_request_mark where request_id = ?::uuid",
                requestId)).isEqualTo("deletion");

        // the subject's own view shows the mark on every record, made after them
        JsonPath mine = recordsAsTheSubject(subject);
        assertThat(mine.getList("recordId")).hasSize(3);
        assertThat(mine.getList("subjectRequests.requestId")).containsOnly(List.of(requestId));
        assertThat(mine.getList("subjectRequests.requestType")).containsOnly(List.of("deletion"));
        assertThat(mine.getList("subjectRequests.markedBeforeRecord")).containsOnly(List.of(false));
        assertThat(mine.getList("providedAfterRequestToStop")).containsOnly(false);
        assertThat(recordsAsTheSubject(other).getList("subjectRequests")).containsOnly(List.of());

        // the task sent again for the same request (a new event): answered again, no second mark
        sendTask(UUID.randomUUID().toString(), subject, task);
        List<TopicRecord> answers = await().atMost(Duration.ofSeconds(30)).until(() -> answersTo(requestId),
                l -> l.size() == 2);
        JsonNode again = checked(answers.get(1), requestId);
        assertThat(again.get("outcome").asText()).isEqualTo("completed");
        assertThat(again.get("affected").asInt()).isEqualTo(3);
        assertThat(marks(subject)).isEqualTo(1);
        assertThat(records(subject)).isEqualTo(3);

        // a request id marked for one subject, sent again for another, is a producer's bug: dead-lettered
        String misused = UUID.randomUUID().toString();
        sendTask(misused, other, task(other, requestId, "deletion", "[]", "[]"));
        TopicRecord dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(misused),
                Optional::isPresent).orElseThrow();
        assertThat(dead.header("dead-letter-reason")).contains("marked before for another subject");
        assertThat(marks(other)).isZero();
        assertThat(answersTo(requestId)).hasSize(2);

        checkpoints.signAll();
        given().auth().oauth2(TestTokens.privacyOfficer()).when().post("/api/v1/ledger/verifications")
                .then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void aCessationWhenNoRecordIsHeldIsNothingHeldAndStillMarksTheSubject() {
        String subject = newSubject();
        String requestId = request(subject, "cessation-of-use", "[\"third-party-ads\"]", "[]");
        JsonNode answer = answer(requestId);
        assertThat(answer.get("outcome").asText()).isEqualTo("nothing-held");
        assertThat(answer.get("affected").asInt()).isZero();
        assertThat(answer.get("detail").asText()).contains("keeps no records")
                .contains("request to stop the use of your data is noted")
                .contains("should a record about you be made later, it will show this request");
        assertThat(marks(subject)).isEqualTo(1);
        assertThat(ServiceDb.single(DB, "select array_to_string(purposes, ',') from subject_request_mark"
                + " where request_id = ?::uuid", requestId)).isEqualTo("third-party-ads");

        // a provision recorded later shows the request, made before it: the warning sign
        append(PROVISIONS, personRelated(subject));
        JsonPath mine = recordsAsTheSubject(subject);
        assertThat(mine.getString("[0].subjectRequests[0].requestId")).isEqualTo(requestId);
        assertThat(mine.getBoolean("[0].subjectRequests[0].markedBeforeRecord")).isTrue();
        assertThat(mine.getBoolean("[0].subjectRequests[0].concernsRecord")).isTrue();
        assertThat(mine.getBoolean("[0].providedAfterRequestToStop")).isTrue();
    }

    @Test
    void aTaskDeliveredTwiceIsCarriedOutAndAnsweredOnce() {
        String subject = newSubject();
        append(PROVISIONS, personRelated(subject));
        String eventId = UUID.randomUUID().toString();
        String requestId = UUID.randomUUID().toString();
        String task = task(subject, requestId, "cessation-of-provision", "[]", "[\"acme-ads\"]");
        sendTask(eventId, subject, task);
        sendTask(eventId, subject, task);
        // a later task under the same key (same partition): once it is answered, both copies were read, and the
        // outbox publishes in commit order, so any answer to them is on the topic by then
        answer(request(subject, "correction"));

        List<TopicRecord> answers = answersTo(requestId);
        assertThat(answers).hasSize(1);
        JsonNode answer = checked(answers.get(0), requestId);
        assertThat(answer.get("outcome").asText()).isEqualTo("completed");
        assertThat(answer.get("affected").asInt()).isEqualTo(1);
        assertThat(answer.get("detail").asText()).contains("request to stop providing your data to third parties");
        assertThat(marks(subject)).isEqualTo(1);
        assertThat(ServiceDb.count(DB, "select count(*) from inbox_message where consumer ="
                + " 'disclosure-log-service.data-request-tasks' and event_id = ?", eventId)).isEqualTo(1);
    }

    @Test
    void aProvisionRecordDisclosureAnswersWithExactlyThatSubjectsRecordsAsStoredAndChangesNothing() {
        String subject = newSubject();
        String other = newSubject();
        String received = append(RECEIVINGS, receiving(subject, today().minusDays(10), today().minusDays(2)));
        String provided = append(PROVISIONS, personRelated(subject));
        String theirs = append(PROVISIONS, personRelated(other));
        JsonNode marked = answer(request(subject, "deletion"));
        assertThat(marked.get("outcome").asText()).isEqualTo("completed");

        for (String type : List.of("provision-record-disclosure", "disclosure")) {
            String requestId = request(subject, type);
            JsonNode answer = answer(requestId);
            assertThat(answer.get("outcome").asText()).as(type).isEqualTo("completed");
            assertThat(answer.get("affected").asInt()).as(type).isEqualTo(2);
            assertThat(answer.get("detail").asText()).as(type).contains("2 records", "listed in the data")
                    .contains("Merkle inclusion proof", "GET /api/v1/subjects/" + subject + "/records")
                    .contains("request to delete your data or to stop its use or provision");
            JsonNode data = answer.get("data");
            assertThat(data.get("recordsHeld").asInt()).isEqualTo(2);
            assertThat(data.get("recordsListed").asInt()).isEqualTo(2);
            assertThat(data.get("about").asText()).contains("Art. 29", "inclusion proof");
            assertThat(data.get("withProofs").get("path").asText()).isEqualTo("/api/v1/subjects/" + subject + "/records");
            assertThat(data.get("withProofs").get("service").asText()).isEqualTo("disclosure-log-service");
            JsonNode listed = data.get("records");
            assertThat(listed).hasSize(2);
            assertThat(listed.get(0).get("recordId").asText()).as("the most recent first").isEqualTo(provided);
            assertThat(listed.get(0).get("kind").asText()).isEqualTo("provision");
            assertThat(listed.get(1).get("recordId").asText()).isEqualTo(received);
            assertThat(listed.get(1).get("kind").asText()).isEqualTo("receiving");
            JsonPath view = recordsAsTheSubject(subject);
            for (JsonNode r : listed) {
                assertThat(r.get("redacted").asBoolean()).isFalse();
                assertThat(r.get("record").get("subject").get("id").asText()).isEqualTo(subject);
                assertThat(r.get("record").get("recordId").asText()).isEqualTo(r.get("recordId").asText());
                // as stored: the bytes the answer carries hash to the record's SHA-256, the view's too
                assertThat(HexFormat.of().formatHex(EntryHeader.payloadSha256(r.get("record").toString())))
                        .isEqualTo(r.get("recordSha256").asText());
                String at = "find { it.recordId == '" + r.get("recordId").asText() + "' }";
                assertThat(view.getString(at + ".recordSha256")).isEqualTo(r.get("recordSha256").asText());
                assertThat(view.getString(at + ".logId")).isEqualTo(r.get("logId").asText());
                assertThat(view.getLong(at + ".index")).isEqualTo(r.get("index").asLong());
                assertThat(view.getString(at + ".recordedAt")).isEqualTo(r.get("recordedAt").asText());
            }
            assertThat(data.get("subjectRequests")).hasSize(1);
            assertThat(data.get("subjectRequests").get(0).get("requestType").asText()).isEqualTo("deletion");
            assertThat(data.toString()).as("no other subject's record").doesNotContain(other).doesNotContain(theirs);
        }
        assertThat(records(subject)).isEqualTo(2);
        assertThat(marks(subject)).isEqualTo(1);

        JsonNode nothing = answer(request(newSubject(), "provision-record-disclosure"));
        assertThat(nothing.get("outcome").asText()).isEqualTo("nothing-held");
        assertThat(nothing.get("affected").asInt()).isZero();
        assertThat(nothing.has("data")).isFalse();

        // no records, but a request on file: that is data about the person, and disclosed
        String onlyMarked = newSubject();
        answer(request(onlyMarked, "deletion"));
        JsonNode marks = answer(request(onlyMarked, "disclosure"));
        assertThat(marks.get("outcome").asText()).isEqualTo("completed");
        assertThat(marks.get("affected").asInt()).isZero();
        assertThat(marks.get("data").get("records")).isEmpty();
        assertThat(marks.get("data").get("subjectRequests")).hasSize(1);
        assertThat(marks.get("detail").asText()).contains("keeps no records", "earlier request");
    }

    @Test
    void aDisclosureTooLargeForOneAnswerListsTheMostRecentRecordsAndSaysSo() {
        String subject = newSubject();
        int appended = 250;
        // about 4 KB each: 250 are far more than one answer's 768 KiB
        String items = IntStream.range(0, 20).mapToObj(i -> "\"item " + i + " " + "x".repeat(180) + "\"")
                .collect(Collectors.joining(","));
        String one = personRelated(subject).replace("[\"cookie-id\", \"pages viewed\"]", "[" + items + "]");
        assertThat(one).contains("item 19");
        String body = "{\"records\": [" + String.join(",", java.util.Collections.nCopies(appended, one)) + "]}";
        List<String> ids = given().auth().oauth2(TestTokens.service(LocalIdentities.DATA_REQUEST_SERVICE))
                .contentType(ContentType.JSON).body(body)
                .when().post(PROVISIONS + "/batch")
                .then().statusCode(201).extract().path("records.recordId");
        List<Integer> indexes = given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subject", subject)
                .queryParam("size", 500).when().get("/api/v1/records")
                .then().statusCode(200).extract().path("items.index");
        assertThat(ids).hasSize(appended);

        String requestId = request(subject, "provision-record-disclosure");
        TopicRecord r = await().atMost(Duration.ofSeconds(60)).until(() -> answersTo(requestId), l -> !l.isEmpty())
                .get(0);
        JsonNode answer = checked(r, requestId);
        int size = r.value().getBytes(StandardCharsets.UTF_8).length;
        assertThat(size).as("one Kafka record, near the configured 768 KiB")
                .isLessThan(786_432 + 4_096).isGreaterThan(786_432 - 8_192);
        assertThat(answer.get("outcome").asText()).isEqualTo("completed");
        assertThat(answer.get("affected").asInt()).isEqualTo(appended);
        JsonNode data = answer.get("data");
        int listed = data.get("recordsListed").asInt();
        assertThat(listed).isBetween(100, appended - 1);
        assertThat(data.get("recordsHeld").asInt()).isEqualTo(appended);
        assertThat(data.get("records")).hasSize(listed);
        assertThat(answer.get("detail").asText()).contains(appended + " records")
                .contains("the data lists the " + listed + " most recent", "as one answer can carry no more")
                .contains("GET /api/v1/subjects/" + subject + "/records");
        // one batch, one moment: the most recent are the last appended, the highest indexes of the subject's log
        List<Long> expected = indexes.stream().map(Integer::longValue).sorted(java.util.Comparator.reverseOrder())
                .limit(listed).toList();
        List<Long> got = new ArrayList<>();
        data.get("records").forEach(x -> got.add(x.get("index").asLong()));
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void aConsentWithdrawalAndACorrectionAreNotApplicableAndChangeNothing() {
        String subject = newSubject();
        append(PROVISIONS, personRelated(subject));

        JsonNode withdrawal = answer(request(subject, "consent-withdrawal", "[\"third-party-ads\"]", "[]"));
        assertThat(withdrawal.get("outcome").asText()).isEqualTo("not-applicable");
        assertThat(withdrawal.has("affected")).isFalse();
        assertThat(withdrawal.has("data")).isFalse();
        assertThat(withdrawal.get("detail").asText()).contains("stops future provisions", "consent-service enforces")
                .contains("does not change the record of past provisions");

        JsonNode correction = answer(request(subject, "correction"));
        assertThat(correction.get("outcome").asText()).isEqualTo("not-applicable");
        assertThat(correction.has("affected")).isFalse();
        assertThat(correction.get("detail").asText()).contains("as it happened", "cannot be corrected");

        assertThat(records(subject)).isEqualTo(1);
        assertThat(marks(subject)).isZero();
        assertThat(recordsAsTheSubject(subject).getList("[0].subjectRequests")).isEmpty();
    }

    @Test
    void aMalformedTaskIsDeadLetteredAndNeitherCarriedOutNorAnswered() {
        String subject = newSubject();
        append(PROVISIONS, personRelated(subject));

        String unknownType = UUID.randomUUID().toString();
        String unknownRequest = UUID.randomUUID().toString();
        sendTask(unknownType, subject, task(subject, unknownRequest, "erase-everything", "[]", "[]"));
        TopicRecord dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(unknownType),
                Optional::isPresent).orElseThrow();
        assertThat(dead.header("dead-letter-reason")).contains("data-request.task-assigned.v1");
        assertThat(dead.header("dead-letter-topic")).isEqualTo(EventCatalogue.DATA_REQUEST_TASKS_TOPIC);

        // schema-valid, but filed under another subject's key: carried out for neither
        String misfiled = UUID.randomUUID().toString();
        String misfiledRequest = UUID.randomUUID().toString();
        sendTask(misfiled, newSubject(), task(subject, misfiledRequest, "deletion", "[]", "[]"));
        TopicRecord misfiledDead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(misfiled),
                Optional::isPresent).orElseThrow();
        assertThat(misfiledDead.header("dead-letter-reason")).contains("subjectId and ce_subject differ");

        // a later task of the subject is answered: the two before it were read by then, and left nothing
        answer(request(subject, "correction"));
        assertThat(answersTo(unknownRequest)).isEmpty();
        assertThat(answersTo(misfiledRequest)).isEmpty();
        assertThat(ServiceDb.count(DB, "select count(*) from inbox_message where event_id in (?, ?)", unknownType,
                misfiled)).isZero();
        assertThat(ServiceDb.count(DB, "select count(*) from outbox_event where payload like ? or payload like ?",
                "%" + unknownRequest + "%", "%" + misfiledRequest + "%")).isZero();
        assertThat(marks(subject)).isZero();
        assertThat(records(subject)).isEqualTo(1);
    }
}
