package jp.onplanetz.privacy.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * The running suite's APIs as its users call them, with real tokens from the stack's issuer: enough to give a data
 * subject data in every service (consents in consent-service, usage events in analytics-gateway, a record of provision
 * in disclosure-log-service, each made the way production makes it) and to file that subject's requests. Shared by
 * the cross-service tests and the benchmarks, so both stage the same personal data.
 */
public final class SuiteClient {

    /** The third party of the policy that receives anonymised statistics; the gateway's consent purpose is to it. */
    public static final String RECIPIENT = "acme-ads";
    public static final String STATISTICS_PURPOSE = "anonymised-statistics";
    public static final String OWN_PURPOSE = "newsletter";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(2);

    /** An answer: status and body. */
    public record Answer(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public Answer expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("expected " + expected + ", got " + status + ": " + body);
            }
            return this;
        }
    }

    private final LocalStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String officer;
    private final String analytics;
    private final String reporter;

    public SuiteClient(LocalStack stack) {
        this.stack = stack;
        this.officer = stack.issuer().mint(LocalIdentities.OFFICER_SUBJECT_ID, "officer",
                Set.of(LocalIdentities.ROLE_PRIVACY_OFFICER), TOKEN_LIFETIME);
        this.analytics = stack.serviceAccountToken(LocalIdentities.ANALYTICS_GATEWAY, TOKEN_LIFETIME);
        this.reporter = stack.serviceAccountToken(LocalIdentities.USAGE_REPORTER, TOKEN_LIFETIME);
    }

    public String subjectToken(String subject) {
        return stack.issuer().mint(subject, "subject-" + subject.substring(0, 8), Set.of(LocalIdentities.ROLE_DATA_SUBJECT),
                TOKEN_LIFETIME);
    }

    public String officerToken() {
        return officer;
    }

    /** The seeded policy has no third parties: a privacy officer adds the statistics' recipient and publishes. */
    public void publishStatisticsRecipient() {
        String consent = stack.service(Services.CONSENT).baseUrl();
        send("PUT", consent + "/api/v1/policy/draft/recipients/" + RECIPIENT, officer,
                "{\"name\":\"Acme Ads K.K.\",\"address\":\"1-1 Marunouchi, Chiyoda-ku, Tokyo\","
                        + "\"representative\":\"Representative Director\",\"purposes\":[\"" + STATISTICS_PURPOSE + "\"]}")
                .expect(200);
        send("POST", consent + "/api/v1/policy/versions", officer, "{\"summary\":\"Acme Ads receives statistics.\"}")
                .expect(201);
    }

    /**
     * Gives {@code subject} data in every service: two consents (the newsletter, and statistics to the recipient),
     * {@code usageEvents} usage events stored by analytics-gateway once its projection has the consent, and one
     * provision to the recipient permitted by consent-service, which disclosure-log-service records.
     */
    public void giveData(String subject, int usageEvents) {
        String token = subjectToken(subject);
        String consents = stack.service(Services.CONSENT).baseUrl() + "/api/v1/subjects/" + subject + "/consents";
        send("POST", consents, token, "{\"purpose\":\"" + OWN_PURPOSE + "\",\"method\":\"web-form\"}").expect(201);
        send("POST", consents, token, "{\"purpose\":\"" + STATISTICS_PURPOSE + "\",\"recipient\":\"" + RECIPIENT
                + "\",\"method\":\"web-form\"}").expect(201);

        // the gateway keeps events only once its own projection of consent has the grant
        String projection = stack.service(Services.ANALYTICS).baseUrl() + "/api/v1/consent-projection/" + subject;
        await(Duration.ofSeconds(60), () -> {
            for (JsonNode c : send("GET", projection, officer, null).expect(200).json()) {
                // the projection may show the newsletter's consent first: wait for the one the gateway asks for
                if (STATISTICS_PURPOSE.equals(c.path("purpose").asText()) && "granted".equals(c.path("state").asText())) {
                    return true;
                }
            }
            return false;
        }, "analytics-gateway's projection of " + subject + "'s consent to " + STATISTICS_PURPOSE);
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int i = 0; i < usageEvents; i++) {
            batch.append(i == 0 ? "" : ",").append(usageEvent(subject));
        }
        batch.append("]}");
        JsonNode stored = send("POST", stack.service(Services.ANALYTICS).baseUrl() + "/api/v1/usage-events/batch",
                reporter, batch.toString()).expect(202).json();
        if (stored.path("stored").asInt() != usageEvents) {
            throw new IllegalStateException("analytics-gateway stored " + stored + " of " + usageEvents);
        }

        // a provision, as a service makes it: permitted and recorded by consent-service, recorded by the disclosure log
        await(Duration.ofSeconds(30), () -> send("POST", stack.service(Services.CONSENT).baseUrl()
                + "/api/v1/decisions/use", analytics, "{\"subjectId\":\"" + subject + "\",\"purpose\":\""
                + STATISTICS_PURPOSE + "\",\"categories\":[\"profile.birth-year\"],\"recipient\":\"" + RECIPIENT + "\"}")
                .status() == 201, "consent-service permitting a provision of " + subject + "'s data");
        String records = stack.service(Services.DISCLOSURE_LOG).baseUrl() + "/api/v1/subjects/" + subject + "/records";
        await(Duration.ofSeconds(60), () -> send("GET", records, token, null).json().size() == 1,
                "disclosure-log-service's record of the provision to " + subject);
    }

    /** Files a request as the subject itself; the created request. */
    public JsonNode file(String subject, String body) {
        return send("POST", stack.service(Services.DATA_REQUEST).baseUrl() + "/api/v1/requests", subjectToken(subject),
                body).expect(201).json();
    }

    /** A call to the stack; {@code body} null for none. */
    public Answer send(String method, String url, String token, String body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A usage event as the company's apps report it: the subject signed in, on a page of the site. */
    static String usageEvent(String subject) {
        return """
                {"subjectId":"%s","cookieId":"cookie-%s","ip":"203.0.113.47","occurredAt":"%s","eventType":"page-view",\
                "page":"/plans/business","gender":"female","birthYear":1988,"address":"東京都千代田区丸の内1-1-1"}"""
                .formatted(subject, java.util.UUID.randomUUID(), java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
    }

    private static void await(Duration atMost, java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + atMost);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
