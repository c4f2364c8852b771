package jp.onplanetz.privacy.testinfra.oidc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small but real OIDC token issuer for tests and the local run, laid out like a Keycloak realm
 * ({@code /realms/privacy-ops/...}). The services verify its tokens through quarkus-oidc's ordinary path
 * (discovery, then JWKS), so moving to a real Keycloak with {@code deploy/keycloak/privacy-ops-realm.json} is only
 * a change of URL.
 *
 * <p>Serves discovery, JWKS and the token endpoint (client credentials and password grants) for the identities in
 * {@link LocalIdentities}. There is no browser login, no refresh token and no introspection: nothing in the suite
 * needs them. Bound to 127.0.0.1 only, since the credentials it accepts are public.
 */
public final class LocalOidcIssuer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final String REALM_PATH = "/realms/" + LocalIdentities.REALM;
    private static final String DISCOVERY_PATH = REALM_PATH + "/.well-known/openid-configuration";
    private static final String CERTS_PATH = REALM_PATH + "/protocol/openid-connect/certs";
    private static final String TOKEN_PATH = REALM_PATH + "/protocol/openid-connect/token";
    private static final int MAX_FORM_BYTES = 64 * 1024;
    private static final int WORKER_THREADS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String issuerUrl;
    private final AccessTokenMinter minter;
    private final TokenEndpoint tokenEndpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalOidcIssuer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.issuerUrl = "http://" + HOST + ":" + server.getAddress().getPort() + REALM_PATH;
        this.minter = new AccessTokenMinter(issuerUrl, Clock.systemUTC());
        this.tokenEndpoint = new TokenEndpoint(minter);
    }

    /** Starts an issuer on 127.0.0.1:{@code port}; 0 picks a free port (see {@link #port()}). */
    public static LocalOidcIssuer start(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the local OIDC issuer to " + HOST + ":" + port, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(WORKER_THREADS, daemonThreads());
        LocalOidcIssuer issuer = new LocalOidcIssuer(server, executor);
        server.createContext(REALM_PATH + "/", issuer::route);
        server.setExecutor(executor);
        server.start();
        return issuer;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The {@code iss} of every token, and what quarkus-oidc's {@code auth-server-url} must be set to. */
    public String issuerUrl() {
        return issuerUrl;
    }

    /**
     * A signed access token for any subject, for tests that need a data subject id outside {@link LocalIdentities}.
     * It is issued to {@link LocalIdentities#CLI_CLIENT_ID}, like a person's login, and lives the usual 300 s.
     */
    public String mint(String subject, String preferredUsername, Set<String> roles) {
        return mint(subject, preferredUsername, roles, LocalIdentities.ACCESS_TOKEN_LIFETIME);
    }

    /**
     * As {@link #mint(String, String, Set)}, with {@code exp} at now + {@code lifetime} (whole seconds). A zero or
     * negative lifetime gives a token that is already expired, to test that verifiers refuse it.
     */
    public String mint(String subject, String preferredUsername, Set<String> roles, Duration lifetime) {
        return minter.mint(subject, preferredUsername, LocalIdentities.CLI_CLIENT_ID, roles, lifetime);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void route(HttpExchange exchange) {
        try {
            dispatch(exchange);
        } catch (IOException | RuntimeException unexpected) {
            // Answer 500 if nothing was sent yet; otherwise closing the exchange is all that is left to do.
            if (exchange.getResponseCode() == -1) {
                try {
                    send(exchange, 500, Map.of("error", "server_error"));
                } catch (IOException | RuntimeException ignored) {
                    // the client sees a reset connection instead
                }
            }
        } finally {
            exchange.close();
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case DISCOVERY_PATH -> {
                if (requireMethod(exchange, "GET")) {
                    send(exchange, 200, discoveryDocument());
                }
            }
            case CERTS_PATH -> {
                if (requireMethod(exchange, "GET")) {
                    send(exchange, 200, minter.jwks());
                }
            }
            case TOKEN_PATH -> {
                if (requireMethod(exchange, "POST")) {
                    token(exchange);
                }
            }
            default -> send(exchange, 404, Map.of("error", "Not Found"));
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            send(exchange, 400, TokenEndpoint.error(400, "invalid_request",
                    "Content-Type must be application/x-www-form-urlencoded").body());
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_FORM_BYTES + 1);
        }
        if (body.length > MAX_FORM_BYTES) {
            send(exchange, 400, TokenEndpoint.error(400, "invalid_request", "Request too large").body());
            return;
        }
        Map<String, String> form;
        try {
            form = TokenEndpoint.parseForm(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            send(exchange, 400, TokenEndpoint.error(400, "invalid_request", malformed.getMessage()).body());
            return;
        }
        TokenEndpoint.Answer answer = tokenEndpoint.handle(
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")), form);
        // Tokens and errors about credentials must not be cached by anything in between (RFC 6749 section 5.1).
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Pragma", "no-cache");
        send(exchange, answer.status(), answer.body());
    }

    private Map<String, Object> discoveryDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuerUrl);
        document.put("token_endpoint", issuerUrl + "/protocol/openid-connect/token");
        document.put("jwks_uri", issuerUrl + "/protocol/openid-connect/certs");
        document.put("grant_types_supported", List.of(TokenEndpoint.CLIENT_CREDENTIALS, TokenEndpoint.PASSWORD));
        // Required by OpenID Connect Discovery; there is no authorization endpoint, so no browser flow is served.
        document.put("response_types_supported", List.of("token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        document.put("scopes_supported", List.of("profile", "email"));
        return document;
    }

    private static boolean requireMethod(HttpExchange exchange, String method) throws IOException {
        if (exchange.getRequestMethod().equals(method)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", method);
        send(exchange, 405, Map.of("error", "Method Not Allowed"));
        return false;
    }

    private static void send(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] json = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            // Daemon: an issuer a test forgot to close must not keep the JVM alive.
            Thread thread = new Thread(runnable, "local-oidc-issuer-" + count.incrementAndGet());
            thread.setDaemon(true);
            // Not the starting thread's loader: in tests that may be a Quarkus application's, closed when that
            // application stops, while the issuer lives for the whole JVM.
            thread.setContextClassLoader(LocalOidcIssuer.class.getClassLoader());
            return thread;
        };
    }
}
