package jp.onplanetz.privacy.disclosurelog.events;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestEvents;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.REFUSED;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.RELEASED;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.awaitConsumed;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.newRecipient;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.record;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.refused;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.released;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.send;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.sendUnchecked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

/** The register of statistics releases made from analytics-gateway's events, through the real broker. */
@QuarkusTest
class AnalyticsReleasesConsumerTest {

    private static final ServiceDatabases.ServiceDatabase DB = ServiceDatabases.DISCLOSURE_LOG;
    private static final String PATH = "/api/v1/statistics-releases";

    private static long entries(String recipient) {
        return ServiceDb.count(DB, "select count(*) from statistics_release where recipient = ?", recipient);
    }

    @Test
    void aReleaseBecomesAnEntryAnOfficerReadsWithoutItsCells() {
        String recipient = newRecipient();
        String releaseId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String id = record(RELEASED, eventId, recipient, released(releaseId, recipient, "2026-11-25T00:10:00Z"));

        assertThat(id).isEqualTo(releaseId);
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(PATH + "/{id}", releaseId)
                .then().statusCode(200)
                .body("id", equalTo(releaseId))
                .body("status", equalTo("released"))
                .body("releaseId", equalTo(releaseId))
                .body("eventId", equalTo(eventId))
                .body("definitionId", equalTo("c0a8012e-7b1a-4c7e-9a53-1c2b3d4e5f60"))
                .body("recipient", equalTo(recipient))
                .body("purpose", equalTo("anonymised-statistics"))
                .body("windowStart", equalTo("2026-11-24T00:00:00Z"))
                .body("windowEnd", equalTo("2026-11-25T00:00:00Z"))
                .body("dimensions", equalTo(List.of("gender", "ageBand")))
                .body("measure", equalTo("distinct-people"))
                .body("epsilon", equalTo("0.5"))
                .body("minimumPeoplePerCell", equalTo(50))
                .body("maxCellsPerPerson", equalTo(5))
                .body("releasedCells", equalTo(2))
                .body("suppressedCells", equalTo(3))
                .body("releasedAt", equalTo("2026-11-25T00:10:00Z"))
                .body("refusedAt", nullValue())
                .body("budgetPeriod", nullValue())
                .body("$", not(hasKey("cells")));
        // The counts are the release's, not the register's: no column of the table holds them.
        assertThat(ServiceDb.count(DB, """
                select count(*) from information_schema.columns
                 where table_name = 'statistics_release' and column_name in ('cells', 'counts', 'values')""")).isZero();
    }

    @Test
    void theSameEventDeliveredTwiceIsOneEntry() {
        String recipient = newRecipient();
        String eventId = UUID.randomUUID().toString();
        String payload = released(UUID.randomUUID().toString(), recipient, "2026-11-25T00:10:00Z");
        record(RELEASED, eventId, recipient, payload);

        send(RELEASED, eventId, recipient, payload);
        // A later event of the same recipient (same key, same partition): once it is in, the duplicate before it
        // has been consumed too.
        String marker = UUID.randomUUID().toString();
        record(REFUSED, marker, recipient, refused(recipient, "2026-11-25T00:20:00Z"));

        assertThat(ServiceDb.count(DB, "select count(*) from statistics_release where event_id = ?", eventId)).isEqualTo(1);
        assertThat(entries(recipient)).isEqualTo(2);
        // Recognised as seen, not refused as a second release of the same id.
        assertThat(find(eventId)).isEmpty();
    }

    @Test
    void aRefusedReleaseIsRecordedAsRefusedWithTheBudgetItWouldHaveExceeded() {
        String recipient = newRecipient();
        String eventId = UUID.randomUUID().toString();
        String id = record(REFUSED, eventId, recipient, refused(recipient, "2026-11-25T00:10:00Z"));

        given().auth().oauth2(TestTokens.operator()).queryParam("recipient", recipient).when().get(PATH)
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(id))
                .body("items[0].status", equalTo("refused"))
                .body("items[0].eventId", equalTo(eventId))
                .body("items[0].releaseId", nullValue())
                .body("items[0].epsilon", equalTo("0.5"))
                .body("items[0].budgetPeriod", equalTo("2026-11"))
                .body("items[0].budgetSpent", equalTo("2.75"))
                .body("items[0].budgetCap", equalTo("3.0"))
                .body("items[0].refusedAt", equalTo("2026-11-25T00:10:00Z"))
                .body("items[0].releasedAt", nullValue())
                .body("items[0].releasedCells", nullValue())
                .body("items[0].minimumPeoplePerCell", nullValue());
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(PATH + "/{id}", id)
                .then().statusCode(200).body("status", equalTo("refused")).body("windowStart", equalTo("2026-11-24T00:00:00Z"));
    }

    /**
     * Each row: why, the type it is sent as, its payload (raw, or a $NAME the switch below makes from a good one),
     * the dead-letter reason expected, and whether the payload passes its schema (the register refuses it itself).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON              | released | {\"releaseId\":            | end-of-input                       | false",
            "epsilon as a number   | released | $RELEASED_EPSILON_NUMBER  | breaks schema                      | false",
            "no release id         | released | $RELEASED_NO_ID           | breaks schema                      | false",
            "cells of a refusal    | refused  | $REFUSED_WITH_CELLS       | breaks schema                      | false",
            "window ends first     | refused  | $REFUSED_WINDOW_BACKWARDS | windowEnd is not after windowStart | true",
    })
    void aPayloadThatCannotBeRecordedIsDeadLetteredAndChangesNothing(String name, String kind, String payload,
            String reason, boolean passesSchema) {
        String recipient = newRecipient();
        String eventId = UUID.randomUUID().toString();
        String good = released(UUID.randomUUID().toString(), recipient, "2026-11-25T00:10:00Z");
        String body = switch (payload) {
            case "$RELEASED_EPSILON_NUMBER" -> good.replace("\"epsilon\": \"0.5\"", "\"epsilon\": 0.5");
            case "$RELEASED_NO_ID" -> good.replaceFirst("\"releaseId\": \"[^\"]+\",", "");
            case "$REFUSED_WITH_CELLS" -> refused(recipient, "2026-11-25T00:10:00Z").replace("\"cap\"", "\"cells\": [], \"cap\"");
            case "$REFUSED_WINDOW_BACKWARDS" -> refused(recipient, "2026-11-25T00:10:00Z")
                    .replace("\"windowEnd\": \"2026-11-25T00:00:00Z\"", "\"windowEnd\": \"2026-11-23T00:00:00Z\"");
            default -> payload;
        };
        assertThat(body).isNotEqualTo(good);
        EventType type = kind.equals("released") ? RELEASED : REFUSED;
        if (passesSchema) {
            assertThat(EventSchemas.violations(type, body)).isEmpty();
        }
        sendUnchecked(type, eventId, recipient, body);

        TopicRecord letter = deadLetter(eventId);
        assertThat(letter.header("dead-letter-reason")).contains(reason);
        assertThat(letter.header("dead-letter-topic")).isEqualTo(EventCatalogue.ANALYTICS_RELEASES_TOPIC);
        assertThat(letter.key()).isEqualTo(recipient);
        assertThat(letter.value()).isEqualTo(body);
        assertThat(entries(recipient)).isZero();
        assertThat(ServiceDb.count(DB, "select count(*) from inbox_message where event_id = ?", eventId)).isZero();
    }

    @Test
    void anotherEventClaimingARecordedReleaseIsDeadLetteredNotASecondRelease() {
        String recipient = newRecipient();
        String releaseId = UUID.randomUUID().toString();
        String first = UUID.randomUUID().toString();
        record(RELEASED, first, recipient, released(releaseId, recipient, "2026-11-25T00:10:00Z"));

        String second = UUID.randomUUID().toString();
        send(RELEASED, second, recipient, released(releaseId, recipient, "2026-11-26T00:10:00Z"));

        assertThat(deadLetter(second).header("dead-letter-reason"))
                .contains("release " + releaseId + " is in the register already");
        assertThat(entries(recipient)).isEqualTo(1);
        assertThat(ServiceDb.single(DB, "select event_id from statistics_release where id = ?", UUID.fromString(releaseId)))
                .isEqualTo(first);
    }

    @Test
    void otherTypesOfTheCatalogueAreSkippedAndTheInboxSaysSo() {
        String recipient = newRecipient();
        String eventId = UUID.randomUUID().toString();
        EventType other = EventCatalogue.CONSENT_GRANTED;
        TestEvents.send(EventCatalogue.ANALYTICS_RELEASES_TOPIC, other.type(), other.dataSchema(), "consent-service",
                eventId, recipient, EventSchemas.exampleText(other));
        awaitConsumed(eventId);
        assertThat(ServiceDb.single(DB, "select ce_type from inbox_message where event_id = ?", eventId))
                .isEqualTo(other.type());
        assertThat(ServiceDb.count(DB, "select count(*) from statistics_release where event_id = ?", eventId)).isZero();
    }

    private static TopicRecord deadLetter(String eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> find(eventId).isPresent());
        return find(eventId).orElseThrow();
    }

    private static Optional<TopicRecord> find(String eventId) {
        return TopicReader.readAll(EventCatalogue.DEAD_LETTERS.name()).stream()
                .filter(r -> eventId.equals(r.header(CloudEventHeaders.ID))).findFirst();
    }
}
