package jp.onplanetz.privacy.analytics.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.analytics.anonymisation.IdentifierKind;
import jp.onplanetz.privacy.analytics.service.IncomingUsageEvent;
import jp.onplanetz.privacy.analytics.service.IngestService;
import jp.onplanetz.privacy.analytics.service.PseudonymisationKeys;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.analytics.UsageTesting.event;
import static jp.onplanetz.privacy.analytics.UsageTesting.grant;
import static jp.onplanetz.privacy.analytics.UsageTesting.reporterToken;
import static jp.onplanetz.privacy.analytics.UsageTesting.storedOfType;
import static jp.onplanetz.privacy.analytics.UsageTesting.uniqueEventType;
import static jp.onplanetz.privacy.analytics.UsageTesting.withdraw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** The HTTP door: batches from reporting apps' service accounts, consent-aware, pseudonymised before storage. */
@QuarkusTest
class UsageEventsResourceTest {

    private static final String PATH = "/api/v1/usage-events/batch";

    @Inject
    PseudonymisationKeys keys;

    @Inject
    MeterRegistry metrics;

    @Inject
    IngestService ingest;

    @Test
    void aConsentedSubjectsEventIsStoredPseudonymisedAndGeneralised() {
        String subject = UUID.randomUUID().toString();
        grant(subject);
        String type = uniqueEventType();

        post(reporterToken(), "{\"events\":[" + event(subject, type) + "]}").statusCode(202)
                .body("received", equalTo(1)).body("stored", equalTo(1)).body("dropped", equalTo(0));

        String row = "select %s from usage_event where event_type = ?";
        assertThat(ServiceDb.single(ServiceDatabases.ANALYTICS, row.formatted("subject_pseudonym"), type))
                .isEqualTo(keys.pseudonymiser().pseudonymise(IdentifierKind.SUBJECT, subject));
        assertThat(ServiceDb.single(ServiceDatabases.ANALYTICS, row.formatted(
                "concat_ws('|', ip_prefix, age_band, prefecture, region, job_class, company_size, company_sector,"
                        + " gender, page, consented_for_analytics)"), type))
                .isEqualTo("203.0.113.0/24|30-39|JP-13|kanto|engineer|100-999|manufacturing|female|/plans/business|t");
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from usage_event where event_type = ? and key_version = ? and cookie_pseudonym like 'p%'"
                        + " and terminal_pseudonym like 'p%' and anonymous_pseudonym is null", type, keys.currentVersion()))
                .isEqualTo(1);
    }

    @Test
    void aLaterWithdrawalTakesTheSubjectsStoredEventsOutOfStatistics() {
        String subject = UUID.randomUUID().toString();
        String consent = grant(subject);
        String type = uniqueEventType();
        post(reporterToken(), "{\"events\":[" + event(subject, type) + "]}").statusCode(202).body("stored", equalTo(1));

        withdraw(subject, consent);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> ServiceDb.count(
                ServiceDatabases.ANALYTICS, "select count(*) from usage_event where event_type = ?"
                        + " and not consented_for_analytics", type) == 1);
    }

    @Test
    void notConsentedAndWithdrawnSubjectsAreDroppedAndCounted() {
        String never = UUID.randomUUID().toString();
        String withdrawn = UUID.randomUUID().toString();
        withdraw(withdrawn, grant(withdrawn));
        double notConsentedBefore = dropped("not-consented");
        double withdrawnBefore = dropped("withdrawn");
        double noSubjectBefore = dropped("no-consent-subject");
        String type = uniqueEventType();

        post(reporterToken(), "{\"events\":[" + event(never, type) + "," + event(withdrawn, type) + ","
                + event(null, type) + "]}").statusCode(202)
                .body("received", equalTo(3)).body("stored", equalTo(0)).body("dropped", equalTo(3))
                .body("droppedByReason.not-consented", equalTo(1)).body("droppedByReason.withdrawn", equalTo(1))
                .body("droppedByReason.no-consent-subject", equalTo(1));

        assertThat(storedOfType(type)).isZero();
        assertThat(dropped("not-consented")).isEqualTo(notConsentedBefore + 1);
        assertThat(dropped("withdrawn")).isEqualTo(withdrawnBefore + 1);
        assertThat(dropped("no-consent-subject")).isEqualTo(noSubjectBefore + 1);
    }

    @Test
    void aBatchWithAnInvalidEventIsRefusedWholeNamingTheFields() {
        String subject = UUID.randomUUID().toString();
        grant(subject);
        String type = uniqueEventType();
        String future = event(subject, type).replaceFirst("\"occurredAt\":\"[^\"]+\"",
                "\"occurredAt\":\"" + OffsetDateTime.now(ZoneOffset.UTC).plusHours(2) + "\"");
        String badIp = event(subject, type).replace("203.0.113.47", "203.0.113.470");

        String problem = post(reporterToken(), "{\"events\":[" + event(subject, type) + "," + future + "," + badIp + "]}")
                .statusCode(400).contentType("application/problem+json")
                .body("'invalid-params'.name", containsInAnyOrder("events[1].occurredAt", "events[2].ip"))
                .extract().asString();
        assertThat(problem).as("reasons never repeat the raw value").doesNotContain("203.0.113.470");
        assertThat(storedOfType(type)).isZero();

        post(reporterToken(), "{\"events\":[" + event(subject, type).replace("\"page\"", "\"email\":\"a@b.jp\",\"page\"")
                + "]}").statusCode(400).body("'invalid-params'[0].name", equalTo("events[0].email"));
        post(reporterToken(), "{\"events\":[]}").statusCode(400).body("'invalid-params'[0].name", equalTo("events"));
        assertThat(storedOfType(type)).isZero();
    }

    @Test
    void onlyUsageReportersMayPost() {
        String body = "{\"events\":[" + event(UUID.randomUUID().toString(), uniqueEventType()) + "]}";
        given().contentType(ContentType.JSON).body(body).when().post(PATH).then().statusCode(401);
        post(TestTokens.operator(), body).statusCode(403);
        post(TestTokens.privacyOfficer(), body).statusCode(403);
        post(TestTokens.subject(UUID.randomUUID().toString()), body).statusCode(403);
        post(TestTokens.service(LocalIdentities.CONSENT_SERVICE), body).statusCode(403);
        post(TestTokens.service(LocalIdentities.ANALYTICS_GATEWAY), body).statusCode(403);
        post(reporterToken(), body).statusCode(202).body("dropped", equalTo(1)).body("problem", nullValue());
    }

    @Test
    void aBatchCountsInTheMetricsOnlyOnceItsTransactionCommits() {
        String consented = UUID.randomUUID().toString();
        grant(consented);
        String type = uniqueEventType();
        List<IncomingUsageEvent> batch = List.of(
                new IncomingUsageEvent(consented, null, null, null, null, OffsetDateTime.now(ZoneOffset.UTC),
                        type, null, null, null, null, null, null, null, null),
                new IncomingUsageEvent(UUID.randomUUID().toString(), null, null, null, null,
                        OffsetDateTime.now(ZoneOffset.UTC), type, null, null, null, null, null, null, null, null));
        double storedBefore = stored();
        double notConsentedBefore = dropped("not-consented");

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            ingest.ingestBatch(batch);
            throw new IllegalStateException("rolled back after the batch");
        })).hasMessageContaining("rolled back after the batch");
        assertThat(stored()).isEqualTo(storedBefore);
        assertThat(dropped("not-consented")).isEqualTo(notConsentedBefore);

        QuarkusTransaction.requiringNew().run(() -> ingest.ingestBatch(batch));
        assertThat(stored()).isEqualTo(storedBefore + 1);
        assertThat(dropped("not-consented")).isEqualTo(notConsentedBefore + 1);
        assertThat(storedOfType(type)).isEqualTo(1);
    }

    private double stored() {
        return metrics.counter("privacyops.analytics.events.stored").count();
    }

    private double dropped(String reason) {
        return metrics.counter("privacyops.analytics.events.dropped", "reason", reason).count();
    }

    private static io.restassured.response.ValidatableResponse post(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(PATH).then();
    }
}
