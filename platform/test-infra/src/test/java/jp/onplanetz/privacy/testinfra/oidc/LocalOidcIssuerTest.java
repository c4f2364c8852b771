package jp.onplanetz.privacy.testinfra.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalOidcIssuerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REALM_FILE = Path.of("../../deploy/keycloak/privacy-ops-realm.json");

    private static LocalOidcIssuer issuer;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        issuer = LocalOidcIssuer.start(0);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void issuerUrlFollowsKeycloakLayoutOnTheBoundPort() {
        assertThat(issuer.port()).isPositive();
        assertThat(issuer.issuerUrl()).isEqualTo("http://127.0.0.1:" + issuer.port() + "/realms/privacy-ops");
    }

    @Test
    void discoveryDocumentPointsAtTheIssuersOwnEndpoints() throws Exception {
        HttpResponse<String> response = get(issuer.issuerUrl() + "/.well-known/openid-configuration");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode discovery = JSON.readTree(response.body());
        assertThat(discovery.path("issuer").asText()).isEqualTo(issuer.issuerUrl());
        assertThat(discovery.path("jwks_uri").asText())
                .isEqualTo(issuer.issuerUrl() + "/protocol/openid-connect/certs");
        assertThat(discovery.path("token_endpoint").asText())
                .isEqualTo(issuer.issuerUrl() + "/protocol/openid-connect/token");
        assertThat(texts(discovery.path("grant_types_supported"))).contains("client_credentials", "password");
        assertThat(texts(discovery.path("id_token_signing_alg_values_supported"))).containsExactly("RS256");
        assertThat(texts(discovery.path("token_endpoint_auth_methods_supported")))
                .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post");
        assertThat(texts(discovery.path("response_types_supported"))).isNotEmpty();
        assertThat(texts(discovery.path("subject_types_supported"))).contains("public");
    }

    @Test
    void jwksPublishesOneRsaSigningKey() throws Exception {
        JsonNode keys = JSON.readTree(get(issuer.issuerUrl() + "/protocol/openid-connect/certs").body()).path("keys");

        assertThat(keys.size()).isEqualTo(1);
        JsonNode key = keys.get(0);
        assertThat(key.path("kty").asText()).isEqualTo("RSA");
        assertThat(key.path("use").asText()).isEqualTo("sig");
        assertThat(key.path("alg").asText()).isEqualTo("RS256");
        assertThat(key.path("kid").asText()).isNotBlank();
        assertThat(key.path("n").asText()).doesNotContain("=", "+", "/");
        assertThat(key.path("e").asText()).isEqualTo("AQAB");
        assertThat(publicKey(key).getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void clientCredentialsTokenIsSignedByThePublishedKeyAndCarriesTheServiceAccount() throws Exception {
        LocalIdentities.ServiceClient consent = LocalIdentities.CONSENT_SERVICE;
        HttpResponse<String> response = tokenRequestWithBasicAuth(consent.clientId(), consent.secret(),
                Map.of("grant_type", "client_credentials"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(answer.path("expires_in").asLong()).isEqualTo(300);
        String token = answer.path("access_token").asText();

        JsonNode header = tokenPart(token, 0);
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(header.path("kid").asText()).isEqualTo(publishedKey().path("kid").asText());
        assertThat(signatureVerifies(token, publicKey(publishedKey()))).isTrue();

        JsonNode claims = tokenPart(token, 1);
        assertThat(claims.path("iss").asText()).isEqualTo(issuer.issuerUrl());
        assertThat(claims.path("sub").asText()).isEqualTo(LocalIdentities.CONSENT_SERVICE_ACCOUNT_ID);
        assertThat(claims.path("aud").asText()).isEqualTo("privacy-ops");
        assertThat(claims.path("azp").asText()).isEqualTo("consent-service");
        assertThat(claims.path("typ").asText()).isEqualTo("Bearer");
        assertThat(claims.path("preferred_username").asText()).isEqualTo("service-account-consent-service");
        assertThat(claims.path("scope").asText()).isNotBlank();
        assertThat(UUID.fromString(claims.path("jti").asText())).isNotNull();
        assertThat(texts(claims.path("realm_access").path("roles"))).containsExactly("svc-consent");
        long iat = claims.path("iat").asLong();
        assertThat(Instant.ofEpochSecond(iat)).isBetween(Instant.now().minusSeconds(30), Instant.now().plusSeconds(1));
        assertThat(claims.path("exp").asLong() - iat).isEqualTo(300);
    }

    @Test
    void aTamperedTokenNoLongerVerifies() throws Exception {
        String token = clientCredentialsToken(LocalIdentities.ANALYTICS_GATEWAY);
        String[] parts = token.split("\\.");
        JsonNode claims = tokenPart(token, 1);
        ((ObjectNode) claims).put("sub", LocalIdentities.ALICE_SUBJECT_ID);
        String forged = parts[0] + "." + base64Url(JSON.writeValueAsBytes(claims)) + "." + parts[2];

        assertThat(signatureVerifies(token, publicKey(publishedKey()))).isTrue();
        assertThat(signatureVerifies(forged, publicKey(publishedKey()))).isFalse();
    }

    @Test
    void everyServiceClientGetsItsOwnServiceAccountByFormAuthentication() throws Exception {
        for (LocalIdentities.ServiceClient client : LocalIdentities.SERVICE_CLIENTS) {
            HttpResponse<String> response = tokenRequest(Map.of(
                    "grant_type", "client_credentials",
                    "client_id", client.clientId(),
                    "client_secret", client.secret()));

            assertThat(response.statusCode()).as(client.clientId()).isEqualTo(200);
            JsonNode claims = tokenPart(JSON.readTree(response.body()).path("access_token").asText(), 1);
            assertThat(claims.path("sub").asText()).isEqualTo(client.serviceAccountId());
            assertThat(claims.path("azp").asText()).isEqualTo(client.clientId());
            assertThat(texts(claims.path("realm_access").path("roles")))
                    .containsExactlyInAnyOrderElementsOf(client.realmRoles());
        }
    }

    @Test
    void passwordGrantGivesAliceHerFixedSubjectIdAndDataSubjectRole() throws Exception {
        HttpResponse<String> response = tokenRequest(Map.of(
                "grant_type", "password",
                "client_id", "privacy-ops-cli",
                "username", "alice",
                "password", "alice"));

        assertThat(response.statusCode()).isEqualTo(200);
        String token = JSON.readTree(response.body()).path("access_token").asText();
        assertThat(signatureVerifies(token, publicKey(publishedKey()))).isTrue();
        JsonNode claims = tokenPart(token, 1);
        assertThat(claims.path("sub").asText()).isEqualTo(LocalIdentities.ALICE_SUBJECT_ID);
        assertThat(claims.path("preferred_username").asText()).isEqualTo("alice");
        assertThat(claims.path("azp").asText()).isEqualTo("privacy-ops-cli");
        assertThat(claims.path("aud").asText()).isEqualTo("privacy-ops");
        assertThat(texts(claims.path("realm_access").path("roles"))).containsExactly("data-subject");
    }

    @Test
    void wrongClientSecretIsRefusedWithoutAToken() throws Exception {
        HttpResponse<String> basic = tokenRequestWithBasicAuth("consent-service", "not-the-secret",
                Map.of("grant_type", "client_credentials"));
        HttpResponse<String> form = tokenRequest(Map.of(
                "grant_type", "client_credentials",
                "client_id", "consent-service",
                "client_secret", LocalIdentities.DISCLOSURE_LOG_SERVICE.secret()));
        HttpResponse<String> missingSecret = tokenRequest(Map.of(
                "grant_type", "client_credentials",
                "client_id", "consent-service"));

        for (HttpResponse<String> response : List.of(basic, form, missingSecret)) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.path("error").asText()).isEqualTo("invalid_client");
            assertThat(answer.has("access_token")).isFalse();
        }
    }

    @Test
    void wrongPasswordIsRefusedWithoutAToken() throws Exception {
        HttpResponse<String> wrongPassword = tokenRequest(Map.of(
                "grant_type", "password",
                "client_id", "privacy-ops-cli",
                "username", "alice",
                "password", "bob"));
        HttpResponse<String> unknownUser = tokenRequest(Map.of(
                "grant_type", "password",
                "client_id", "privacy-ops-cli",
                "username", "mallory",
                "password", "mallory"));

        for (HttpResponse<String> response : List.of(wrongPassword, unknownUser)) {
            assertThat(response.statusCode()).isIn(400, 401);
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.path("error").asText()).isEqualTo("invalid_grant");
            assertThat(answer.has("access_token")).isFalse();
        }
    }

    @Test
    void grantsAreLimitedToTheClientsThatMayUseThem() throws Exception {
        // A service may not log in as a person, and the public CLI has no service account.
        HttpResponse<String> serviceAsPerson = tokenRequestWithBasicAuth(
                LocalIdentities.CONSENT_SERVICE.clientId(), LocalIdentities.CONSENT_SERVICE.secret(),
                Map.of("grant_type", "password", "username", "alice", "password", "alice"));
        HttpResponse<String> cliAsService = tokenRequest(Map.of(
                "grant_type", "client_credentials", "client_id", "privacy-ops-cli"));

        for (HttpResponse<String> response : List.of(serviceAsPerson, cliAsService)) {
            assertThat(response.statusCode()).isIn(400, 401);
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.path("error").asText()).isEqualTo("unauthorized_client");
            assertThat(answer.has("access_token")).isFalse();
        }
    }

    @Test
    void unsupportedGrantTypeIsRefused() throws Exception {
        HttpResponse<String> response = tokenRequestWithBasicAuth(
                LocalIdentities.CONSENT_SERVICE.clientId(), LocalIdentities.CONSENT_SERVICE.secret(),
                Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(answer.has("access_token")).isFalse();
    }

    @Test
    void mintedTokenForAnArbitrarySubjectIsSignedByTheSameKey() throws Exception {
        String subject = UUID.randomUUID().toString();
        String token = issuer.mint(subject, "someone", Set.of("data-subject", "recipient"));

        assertThat(signatureVerifies(token, publicKey(publishedKey()))).isTrue();
        JsonNode claims = tokenPart(token, 1);
        assertThat(claims.path("sub").asText()).isEqualTo(subject);
        assertThat(claims.path("preferred_username").asText()).isEqualTo("someone");
        assertThat(claims.path("iss").asText()).isEqualTo(issuer.issuerUrl());
        assertThat(claims.path("aud").asText()).isEqualTo("privacy-ops");
        assertThat(texts(claims.path("realm_access").path("roles")))
                .containsExactlyInAnyOrder("data-subject", "recipient");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
    }

    @Test
    void mintWithLifetimeSetsExpiryAndCanMakeAnAlreadyExpiredToken() throws Exception {
        long before = Instant.now().getEpochSecond();
        JsonNode shortLived = tokenPart(issuer.mint("s-1", "s", Set.of(), Duration.ofSeconds(7)), 1);
        JsonNode expired = tokenPart(issuer.mint("s-2", "s", Set.of(), Duration.ofMinutes(-1)), 1);
        long after = Instant.now().getEpochSecond();

        assertThat(shortLived.path("exp").asLong() - shortLived.path("iat").asLong()).isEqualTo(7);
        assertThat(expired.path("exp").asLong()).isBetween(before - 60, after - 60);
        assertThat(expired.path("iat").asLong()).isLessThan(expired.path("exp").asLong());
    }

    @Test
    void separateIssuersUseDifferentKeys() throws Exception {
        try (LocalOidcIssuer other = LocalOidcIssuer.start(0)) {
            String foreignToken = other.mint(LocalIdentities.ALICE_SUBJECT_ID, "alice", Set.of("data-subject"));

            assertThat(other.port()).isNotEqualTo(issuer.port());
            assertThat(signatureVerifies(foreignToken, publicKey(publishedKey()))).isFalse();
        }
    }

    @Test
    void realmFileDeclaresExactlyTheLocalIdentities() throws IOException {
        JsonNode realm = JSON.readTree(REALM_FILE.toFile());

        assertThat(realm.path("realm").asText()).isEqualTo(LocalIdentities.REALM);
        assertThat(realm.path("enabled").asBoolean()).isTrue();
        assertThat(realm.path("sslRequired").asText()).isEqualTo("none");
        assertThat(realm.path("accessTokenLifespan").asLong())
                .isEqualTo(LocalIdentities.ACCESS_TOKEN_LIFETIME.toSeconds());

        assertThat(texts(realm.path("roles").path("realm"), role -> role.path("name").asText()))
                .containsExactlyInAnyOrderElementsOf(LocalIdentities.REALM_ROLES);

        Map<String, JsonNode> clients = byKey(realm.path("clients"), "clientId");
        Set<String> expectedClientIds = new HashSet<>();
        LocalIdentities.SERVICE_CLIENTS.forEach(client -> expectedClientIds.add(client.clientId()));
        expectedClientIds.add(LocalIdentities.CLI_CLIENT_ID);
        assertThat(clients.keySet()).containsExactlyInAnyOrderElementsOf(expectedClientIds);

        for (LocalIdentities.ServiceClient service : LocalIdentities.SERVICE_CLIENTS) {
            JsonNode client = clients.get(service.clientId());
            assertThat(client.path("publicClient").asBoolean()).as(service.clientId()).isFalse();
            assertThat(client.path("secret").asText()).as(service.clientId()).isEqualTo(service.secret());
            assertThat(client.path("serviceAccountsEnabled").asBoolean()).as(service.clientId()).isTrue();
            assertThat(client.path("directAccessGrantsEnabled").asBoolean()).as(service.clientId()).isFalse();
            assertCarriesAudience(client);
        }
        JsonNode cli = clients.get(LocalIdentities.CLI_CLIENT_ID);
        assertThat(cli.path("publicClient").asBoolean()).isTrue();
        assertThat(cli.path("directAccessGrantsEnabled").asBoolean()).isTrue();
        assertThat(cli.path("serviceAccountsEnabled").asBoolean()).isFalse();
        assertCarriesAudience(cli);

        Map<String, JsonNode> users = byKey(realm.path("users"), "username");
        Set<String> expectedUsernames = new HashSet<>();
        LocalIdentities.USERS.forEach(user -> expectedUsernames.add(user.username()));
        LocalIdentities.SERVICE_CLIENTS.forEach(client -> expectedUsernames.add(client.serviceAccountUsername()));
        assertThat(users.keySet()).containsExactlyInAnyOrderElementsOf(expectedUsernames);

        for (LocalIdentities.LocalUser person : LocalIdentities.USERS) {
            JsonNode user = users.get(person.username());
            assertThat(user.path("id").asText()).as(person.username()).isEqualTo(person.id());
            assertThat(user.path("enabled").asBoolean()).as(person.username()).isTrue();
            assertThat(texts(user.path("realmRoles"))).as(person.username())
                    .containsExactlyInAnyOrderElementsOf(person.realmRoles());
            assertThat(user.has("serviceAccountClientId")).as(person.username()).isFalse();
            JsonNode credentials = user.path("credentials");
            assertThat(credentials.size()).as(person.username()).isEqualTo(1);
            assertThat(credentials.get(0).path("type").asText()).isEqualTo("password");
            assertThat(credentials.get(0).path("value").asText()).as(person.username()).isEqualTo(person.password());
            assertThat(credentials.get(0).path("temporary").asBoolean()).isFalse();
        }
        for (LocalIdentities.ServiceClient service : LocalIdentities.SERVICE_CLIENTS) {
            JsonNode account = users.get(service.serviceAccountUsername());
            assertThat(account.path("id").asText()).as(service.clientId()).isEqualTo(service.serviceAccountId());
            assertThat(account.path("serviceAccountClientId").asText()).isEqualTo(service.clientId());
            assertThat(texts(account.path("realmRoles"))).as(service.clientId())
                    .containsExactlyInAnyOrderElementsOf(service.realmRoles());
        }
    }

    private static void assertCarriesAudience(JsonNode client) {
        String clientId = client.path("clientId").asText();
        assertThat(client.path("protocolMappers")).as(clientId)
                .anySatisfy(mapper -> {
                    assertThat(mapper.path("protocolMapper").asText()).isEqualTo("oidc-audience-mapper");
                    assertThat(mapper.path("config").path("included.custom.audience").asText())
                            .isEqualTo(LocalIdentities.AUDIENCE);
                    assertThat(mapper.path("config").path("access.token.claim").asText()).isEqualTo("true");
                });
    }

    // --- HTTP and JWT helpers ---------------------------------------------------------------------------------

    private String clientCredentialsToken(LocalIdentities.ServiceClient client) throws Exception {
        HttpResponse<String> response = tokenRequestWithBasicAuth(client.clientId(), client.secret(),
                Map.of("grant_type", "client_credentials"));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> tokenRequest(Map<String, String> form) throws Exception {
        return http.send(tokenRequestBuilder(form).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> tokenRequestWithBasicAuth(String clientId, String secret,
                                                                  Map<String, String> form) throws Exception {
        String credentials = urlEncode(clientId) + ":" + urlEncode(secret);
        HttpRequest request = tokenRequestBuilder(form)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder tokenRequestBuilder(Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(entry -> urlEncode(entry.getKey()) + "=" + urlEncode(entry.getValue()))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(issuer.issuerUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static JsonNode publishedKey() throws Exception {
        HttpResponse<String> response = get(issuer.issuerUrl() + "/protocol/openid-connect/certs");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("keys").get(0);
    }

    /** Rebuilds the key from the JWK alone, as a verifier that knows nothing but the JWKS would. */
    private static RSAPublicKey publicKey(JsonNode jwk) throws GeneralSecurityException {
        BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asText()));
        BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asText()));
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    }

    private static boolean signatureVerifies(String token, RSAPublicKey key) throws GeneralSecurityException {
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    private static JsonNode tokenPart(String token, int index) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }

    private static Map<String, JsonNode> byKey(JsonNode array, String field) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        array.forEach(node -> {
            JsonNode previous = map.put(node.path(field).asText(), node);
            assertThat(previous).as("duplicate " + field + " " + node.path(field).asText()).isNull();
        });
        return map;
    }

    private static List<String> texts(JsonNode array) {
        return texts(array, JsonNode::asText);
    }

    private static List<String> texts(JsonNode array, Function<JsonNode, String> text) {
        assertThat(array.isArray()).as("expected a JSON array but got " + array).isTrue();
        return StreamSupport.stream(array.spliterator(), false).map(text).toList();
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
