package jp.onplanetz.privacy.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A data subject's requests carried out by the whole suite: four packaged services, each with its own database, that
 * meet only on the real broker. A deletion completes across all of them and each one's state shows it; a disclosure
 * yields one bundle with the subject's consents, records of provision and analytics data, and nobody else's.
 */
class DataRequestFlowTest {

    private static final int USAGE_EVENTS = 3;

    private static LocalStack stack;
    private static SuiteClient suite;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(new LocalStack.Options(Path.of("target", "stack-data-requests").toAbsolutePath(),
                false, false));
        suite = new SuiteClient(stack);
        suite.publishStatisticsRecipient();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aDeletionCompletesAcrossEveryServiceAndEachShowsItsEffect() {
        String subject = UUID.randomUUID().toString();
        String bystander = UUID.randomUUID().toString();
        suite.giveData(subject, USAGE_EVENTS);
        suite.giveData(bystander, USAGE_EVENTS);
        String token = suite.subjectToken(subject);

        String id = suite.file(subject, "{\"type\": \"deletion\"}").path("id").asText();
        JsonNode done = awaitCompleted(subject, id);

        // data-request-service: every system answered, each saying what it did
        assertThat(outcome(done, Services.CONSENT)).isEqualTo("completed");
        assertThat(done.at("/tasks").findValuesAsText("system")).containsExactly(Services.ANALYTICS, Services.CONSENT,
                Services.DISCLOSURE_LOG);
        assertThat(task(done, Services.CONSENT).path("items").asInt()).isEqualTo(2);
        assertThat(task(done, Services.ANALYTICS).path("items").asInt()).isEqualTo(USAGE_EVENTS);
        assertThat(outcome(done, Services.ANALYTICS)).isEqualTo("completed");
        assertThat(task(done, Services.DISCLOSURE_LOG).path("items").asInt()).isEqualTo(1);
        List<String> lifecycle = lifecycleTypes(subject);
        assertThat(lifecycle).containsSubsequence("data-request.received.v1", "data-request.identity-verified.v1",
                "data-request.in-progress.v1", "data-request.completed.v1");

        // consent-service: both consents withdrawn, by the request; a use is denied now; the bystander's stand
        String consent = stack.service(Services.CONSENT).baseUrl();
        JsonNode consents = suite.send("GET", consent + "/api/v1/subjects/" + subject + "/consents", token, null)
                .expect(200).json();
        assertThat(consents.findValuesAsText("state")).containsExactly("withdrawn", "withdrawn");
        assertThat(suite.send("POST", consent + "/api/v1/decisions/check", suite.officerToken(),
                "{\"subjectId\":\"" + subject + "\",\"purpose\":\"" + SuiteClient.OWN_PURPOSE
                        + "\",\"categories\":[\"profile.email\"]}").expect(200).json().path("decision").asText())
                .isEqualTo("DENY");
        assertThat(suite.send("GET", consent + "/api/v1/subjects/" + bystander + "/consents",
                suite.subjectToken(bystander), null).expect(200).json().findValuesAsText("state"))
                .containsExactly("granted", "granted");

        // analytics-gateway: no more ingestion for the subject (the bystander's still goes in)
        String batch = stack.service(Services.ANALYTICS).baseUrl() + "/api/v1/usage-events/batch";
        String reporter = stack.serviceAccountToken(jp.onplanetz.privacy.testinfra.oidc.LocalIdentities.USAGE_REPORTER,
                Duration.ofMinutes(5));
        assertThat(suite.send("POST", batch, reporter, "{\"events\":[" + SuiteClient.usageEvent(subject) + "]}")
                .expect(202).json().path("stored").asInt()).isZero();
        assertThat(suite.send("POST", batch, reporter, "{\"events\":[" + SuiteClient.usageEvent(bystander) + "]}")
                .expect(202).json().path("stored").asInt()).isEqualTo(1);
        // and what it held of the subject is gone: a disclosure now finds nothing there
        String after = suite.file(subject, "{\"type\": \"disclosure\"}").path("id").asText();
        JsonNode disclosed = awaitCompleted(subject, after);
        assertThat(outcome(disclosed, Services.ANALYTICS)).isEqualTo("nothing-held");

        // disclosure-log-service: the record is kept, as the law requires, and marked as subject to the deletion
        JsonNode records = suite.send("GET", stack.service(Services.DISCLOSURE_LOG).baseUrl() + "/api/v1/subjects/"
                + subject + "/records", token, null).expect(200).json();
        assertThat(records.size()).isEqualTo(1);
        JsonNode marks = records.get(0).path("subjectRequests");
        assertThat(marks.findValuesAsText("requestId")).containsExactly(id);
        assertThat(marks.findValuesAsText("requestType")).containsExactly("deletion");
        JsonNode bystanderRecords = suite.send("GET", stack.service(Services.DISCLOSURE_LOG).baseUrl()
                + "/api/v1/subjects/" + bystander + "/records", suite.subjectToken(bystander), null).expect(200).json();
        assertThat(bystanderRecords.get(0).path("subjectRequests").size()).isZero();
    }

    @Test
    void aDisclosureYieldsOneBundleWithTheSubjectsDataFromEveryServiceAndNobodyElses() {
        String subject = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        suite.giveData(subject, USAGE_EVENTS);
        suite.giveData(other, USAGE_EVENTS + 2);

        String id = suite.file(subject, "{\"type\": \"disclosure\"}").path("id").asText();
        String othersId = suite.file(other, "{\"type\": \"disclosure\", \"format\": \"csv\"}").path("id").asText();
        awaitCompleted(subject, id);
        awaitCompleted(other, othersId);

        String requests = stack.service(Services.DATA_REQUEST).baseUrl() + "/api/v1/requests/";
        SuiteClient.Answer download = suite.send("GET", requests + id + "/bundle", suite.subjectToken(subject), null)
                .expect(200);
        JsonNode bundle = download.json();
        assertThat(bundle.path("subjectId").asText()).isEqualTo(subject);
        assertThat(bundle.path("systems").findValuesAsText("outcome")).containsOnly("completed");

        JsonNode consents = system(bundle, Services.CONSENT).path("data").path("consents");
        assertThat(consents.findValuesAsText("purpose")).containsExactlyInAnyOrder(SuiteClient.OWN_PURPOSE,
                SuiteClient.STATISTICS_PURPOSE);
        JsonNode provisions = system(bundle, Services.DISCLOSURE_LOG).path("data");
        assertThat(provisions.toString()).contains(SuiteClient.RECIPIENT).contains("Acme Ads K.K.");
        JsonNode analytics = system(bundle, Services.ANALYTICS).path("data");
        assertThat(analytics.path("eventsHeld").asInt()).isEqualTo(USAGE_EVENTS);
        assertThat(analytics.path("events").findValuesAsText("page")).containsOnly("/plans/business");

        assertThat(download.body()).as("nobody else's data").doesNotContain(other);
        // the other subject's bundle is its own, in the format it chose, and not the subject's to read
        String csv = suite.send("GET", requests + othersId + "/bundle", suite.subjectToken(other), null).expect(200).body();
        assertThat(csv).startsWith("system,outcome,field,value").contains(other).doesNotContain(subject);
        suite.send("GET", requests + othersId + "/bundle", suite.subjectToken(subject), null).expect(404);
        suite.send("GET", requests + id + "/bundle", suite.officerToken(), null).expect(403);
    }

    private static JsonNode awaitCompleted(String subject, String id) {
        String url = stack.service(Services.DATA_REQUEST).baseUrl() + "/api/v1/requests/" + id;
        String token = suite.subjectToken(subject);
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> suite.send("GET", url, token, null).expect(200).json(),
                        r -> r.path("status").asText().equals("completed"));
    }

    private static JsonNode task(JsonNode request, String system) {
        for (JsonNode t : request.path("tasks")) {
            if (t.path("system").asText().equals(system)) {
                return t;
            }
        }
        throw new AssertionError("no task of " + system + " in " + request);
    }

    private static String outcome(JsonNode request, String system) {
        return task(request, system).path("outcome").asText();
    }

    private static JsonNode system(JsonNode bundle, String system) {
        for (JsonNode s : bundle.path("systems")) {
            if (s.path("system").asText().equals(system)) {
                return s;
            }
        }
        throw new AssertionError("no answer of " + system + " in the bundle");
    }

    private static List<String> lifecycleTypes(String subject) {
        List<String> types = new ArrayList<>();
        for (TopicRecord r : TopicReader.readAll(stack.kafka().bootstrapServers(), EventCatalogue.DATA_REQUEST_TOPIC)) {
            if (subject.equals(r.key())) {
                types.add(r.header(CloudEventHeaders.TYPE).substring(EventCatalogue.TYPE_PREFIX.length()));
            }
        }
        return types;
    }
}
