package jp.onplanetz.privacy.disclosurelog.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for consent-service in this module's tests: the two calls disclosure-log-service makes (the public
 * policy, and a consent's standing with a service token). The real pair is exercised end to end by the
 * local-stack tests; here the tests choose the answers, through {@code PUT /fake/standings/{consentId}} (a
 * plain HTTP call, so no state is shared across the test and application class loaders).
 * <p>
 * The standing call answers 401 without a bearer token and 403 unless the token was issued to
 * disclosure-log-service: the OIDC client filter must have fetched and attached the service's own token.
 */
public class FakeConsentService implements QuarkusTestResourceLifecycleManager {

    public static final String POLICY = """
            {"number": 1, "hash": "%s", "content": {"recipients": [
              {"code": "acme-ads", "name": "Acme Ads K.K.", "address": "1-1 Marunouchi, Chiyoda-ku, Tokyo",
               "representative": "Taro Acme, CEO", "purposes": ["third-party-ads"]},
              {"code": "google-analytics", "name": "Google LLC", "address": "1600 Amphitheatre Parkway, Mountain View, CA, USA",
               "representative": "Sundar Pichai, CEO", "purposes": ["access-analysis"]}]}}"""
            .formatted("a".repeat(64));

    private HttpServer server;
    private final Map<String, String> standings = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/v1/policy", ex -> respond(ex, 200, POLICY));
        server.createContext("/api/v1/consents/", this::standing);
        server.createContext("/fake/standings/", ex -> {
            String id = ex.getRequestURI().getPath().substring("/fake/standings/".length());
            standings.put(id, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(ex, 204, null);
        });
        server.start();
        return Map.of("quarkus.rest-client.consent-service.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void standing(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            respond(ex, 401, "{}");
            return;
        }
        String[] jwt = auth.substring("Bearer ".length()).split("\\.");
        String claims = jwt.length == 3 ? new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8) : "";
        if (!claims.contains("svc-disclosure-log")) {
            respond(ex, 403, "{}");
            return;
        }
        String path = ex.getRequestURI().getPath();
        String id = path.substring("/api/v1/consents/".length(), path.length() - "/standing".length());
        String answer = standings.get(id);
        if (answer == null) {
            respond(ex, 404, "{\"type\":\"https://privacy.onplanetz.jp/problems/not-found\",\"status\":404}");
        } else {
            respond(ex, 200, answer);
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body == null ? -1 : bytes.length);
        if (body != null) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
