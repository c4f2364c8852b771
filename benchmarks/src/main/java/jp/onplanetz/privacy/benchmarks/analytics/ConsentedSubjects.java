package jp.onplanetz.privacy.benchmarks.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.benchmarks.measure.HttpLoad;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.ANALYTICS_DB;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.DIMENSIONS;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.GRANT_CLIENTS;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.JSON;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.PURPOSE;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.RECIPIENT;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.TOKEN_LIFETIME;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.WINDOW;
import static jp.onplanetz.privacy.benchmarks.results.Units.seconds;
import static jp.onplanetz.privacy.benchmarks.support.StackCalls.expectStatus;
import static jp.onplanetz.privacy.benchmarks.support.StackCalls.request;
import static jp.onplanetz.privacy.benchmarks.support.StackDatabase.single;
import static jp.onplanetz.privacy.benchmarks.support.StackDatabase.superuser;

/** Sets the run up as production would: the recipient in the policy, one release definition, every subject's consent. */
final class ConsentedSubjects {

    private ConsentedSubjects() {
    }

    /** The recipient of the statistics, added to the policy by a privacy officer and published, as in production. */
    static void addRecipient(HttpClient http, String consentService, String officer) throws Exception {
        expectStatus(http, request(consentService + "/api/v1/policy/draft/recipients/" + RECIPIENT, officer, "PUT",
                "{\"name\":\"Bench Research K.K.\",\"address\":\"1-1 Marunouchi, Chiyoda-ku, Tokyo\","
                        + "\"representative\":\"Representative Director\",\"purposes\":[\"" + PURPOSE + "\"]}"),
                200, "the recipient in the policy draft");
        expectStatus(http, request(consentService + "/api/v1/policy/versions", officer, "POST",
                "{\"summary\":\"Bench Research K.K. receives anonymised statistics.\"}"), 201, "the policy version");
    }

    /** One release definition, starting now: every event of the run falls in its first window. */
    static String defineRelease(HttpClient http, String gateway, String officer) throws Exception {
        String body = "{\"recipient\":\"" + RECIPIENT + "\",\"recipientName\":\"Bench Research K.K.\","
                + "\"purpose\":\"market-research\",\"dimensions\":[\"" + String.join("\",\"", DIMENSIONS) + "\"],"
                + "\"measure\":\"distinct-people\",\"window\":\"" + WINDOW + "\",\"epsilon\":1}";
        // the gateway checks the recipient against the policy in force, which reaches it on the policy topic: until
        // the new version has, the recipient is refused (400, nothing defined)
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> made = http.send(request(gateway + "/api/v1/release-definitions", officer, "POST", body),
                HttpResponse.BodyHandlers.ofString());
        while (made.statusCode() == 400 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            made = http.send(request(gateway + "/api/v1/release-definitions", officer, "POST", body),
                    HttpResponse.BodyHandlers.ofString());
        }
        if (made.statusCode() != 201) {
            throw new IllegalStateException("the release definition: expected 201, got " + made.statusCode() + " "
                    + made.body());
        }
        JsonNode d = JSON.readTree(made.body());
        System.out.println("release definition " + d.path("id").asText() + ": " + DIMENSIONS + ", window " + WINDOW
                + ", starts at " + d.path("startsAt").asText());
        return d.path("id").asText();
    }

    record Grants(int subjects, double seconds, double grantsPerSecond, double projectionWaitSeconds) {
    }

    /**
     * Every subject grants {@value #PURPOSE} to the recipient with its own token; then the gateway's projection is
     * waited for until it holds every grant (the events of a subject it does not know yet would be dropped).
     */
    static Grants grant(LocalStack stack, List<UsageSubject> subjects) throws Exception {
        String base = stack.service(Services.CONSENT).baseUrl();
        String body = "{\"purpose\":\"" + PURPOSE + "\",\"recipient\":\"" + RECIPIENT + "\",\"method\":\"web-form\"}";
        AtomicInteger next = new AtomicInteger();
        HttpLoad.Target target = new HttpLoad.Target("consent grant", () -> {
            UsageSubject s = subjects.get(next.getAndIncrement() % subjects.size());
            String token = stack.issuer().mint(s.id(), "bench-subject", Set.of(LocalIdentities.ROLE_DATA_SUBJECT), TOKEN_LIFETIME);
            return request(base + "/api/v1/subjects/" + s.id() + "/consents", token, "POST", body);
        }, 201);
        HttpLoad.Result granted;
        try (HttpLoad load = new HttpLoad()) {
            granted = load.closedLoopCount(target, GRANT_CLIENTS, subjects.size()).requireNoErrors();
        }
        System.out.printf(Locale.ROOT, "%d subjects granted %s to %s: %.1f grants/s%n", subjects.size(), PURPOSE, RECIPIENT,
                granted.perSecond());
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofMinutes(15).toNanos();
        try (Connection c = superuser(stack, ANALYTICS_DB)) {
            while (true) {
                long projected = single(c, "select count(*) from consent_projection where purpose = '" + PURPOSE
                        + "' and state = 'granted'");
                if (projected >= subjects.size()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gateway's projection holds " + projected + " of " + subjects.size()
                            + " grants after 15 minutes");
                }
                Thread.sleep(1000);
            }
        }
        double waited = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "the gateway's consent projection holds every grant (waited %.1f s)%n", waited);
        return new Grants(subjects.size(), seconds(granted.window()), granted.perSecond(), waited);
    }
}
