package jp.onplanetz.privacy.testinfra.oidc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The grant logic of {@code /protocol/openid-connect/token}, apart from HTTP: which client is calling, may it use
 * this grant, and for whom is the token. Answers the way Keycloak does (status codes, error codes, response fields)
 * so a client written against this issuer works unchanged against a real Keycloak.
 */
final class TokenEndpoint {

    static final String CLIENT_CREDENTIALS = "client_credentials";
    static final String PASSWORD = "password";

    /** Status and JSON body of one answer. */
    record Answer(int status, Map<String, Object> body) {
    }

    /** Who is calling: a confidential client proved its secret, or the public client named itself. */
    private record AuthenticatedClient(String clientId, Optional<LocalIdentities.ServiceClient> confidential) {
    }

    private final AccessTokenMinter minter;

    TokenEndpoint(AccessTokenMinter minter) {
        this.minter = minter;
    }

    Answer handle(Optional<String> authorizationHeader, Map<String, String> form) {
        String grantType = form.get("grant_type");
        if (grantType == null || grantType.isBlank()) {
            return error(400, "invalid_request", "Missing form parameter: grant_type");
        }
        if (!grantType.equals(CLIENT_CREDENTIALS) && !grantType.equals(PASSWORD)) {
            return error(400, "unsupported_grant_type", "Unsupported grant_type");
        }

        Optional<AuthenticatedClient> client;
        try {
            client = authenticateClient(authorizationHeader, form);
        } catch (IllegalArgumentException malformed) {
            return error(400, "invalid_request", malformed.getMessage());
        }
        if (client.isEmpty()) {
            return error(401, "invalid_client", "Invalid client or Invalid client credentials");
        }
        return grantType.equals(CLIENT_CREDENTIALS)
                ? clientCredentials(client.get())
                : password(client.get(), form);
    }

    private Answer clientCredentials(AuthenticatedClient client) {
        if (client.confidential().isEmpty()) {
            return error(401, "unauthorized_client", "Public client not allowed to retrieve service account");
        }
        LocalIdentities.ServiceClient service = client.confidential().get();
        String token = minter.mint(service.serviceAccountId(), service.serviceAccountUsername(), service.clientId(),
                service.realmRoles(), LocalIdentities.ACCESS_TOKEN_LIFETIME);
        return tokenAnswer(token);
    }

    private Answer password(AuthenticatedClient client, Map<String, String> form) {
        // Only the CLI has direct access grants enabled in the realm; services never log in as a person.
        if (!client.clientId().equals(LocalIdentities.CLI_CLIENT_ID)) {
            return error(400, "unauthorized_client", "Client not allowed for direct access grants");
        }
        String username = form.get("username");
        String password = form.get("password");
        if (username == null || password == null) {
            return error(401, "invalid_grant", "Invalid user credentials");
        }
        Optional<LocalIdentities.LocalUser> user = LocalIdentities.user(username)
                .filter(candidate -> constantTimeEquals(candidate.password(), password));
        if (user.isEmpty()) {
            return error(401, "invalid_grant", "Invalid user credentials");
        }
        LocalIdentities.LocalUser person = user.get();
        String token = minter.mint(person.id(), person.username(), client.clientId(), person.realmRoles(),
                LocalIdentities.ACCESS_TOKEN_LIFETIME);
        return tokenAnswer(token);
    }

    /**
     * Client authentication as in RFC 6749 section 2.3.1: HTTP Basic with form-urlencoded id and secret, or the
     * client_id/client_secret form fields. Empty means the credentials do not identify a known client.
     */
    private static Optional<AuthenticatedClient> authenticateClient(Optional<String> authorizationHeader,
                                                                    Map<String, String> form) {
        String clientId;
        String secret;
        if (authorizationHeader.isPresent()) {
            if (form.containsKey("client_secret")) {
                throw new IllegalArgumentException("More than one client authentication method");
            }
            Optional<String[]> basic = basicCredentials(authorizationHeader.get());
            if (basic.isEmpty()) {
                return Optional.empty();
            }
            clientId = basic.get()[0];
            secret = basic.get()[1];
            if (form.containsKey("client_id") && !form.get("client_id").equals(clientId)) {
                return Optional.empty();
            }
        } else {
            clientId = form.get("client_id");
            secret = form.get("client_secret");
        }
        if (clientId == null) {
            return Optional.empty();
        }
        if (clientId.equals(LocalIdentities.CLI_CLIENT_ID)) {
            // A public client has no secret to check; Keycloak ignores one if sent.
            return Optional.of(new AuthenticatedClient(clientId, Optional.empty()));
        }
        if (secret == null) {
            return Optional.empty();
        }
        return LocalIdentities.serviceClient(clientId)
                .filter(service -> constantTimeEquals(service.secret(), secret))
                .map(service -> new AuthenticatedClient(clientId, Optional.of(service)));
    }

    private static Optional<String[]> basicCredentials(String header) {
        String[] schemeAndValue = header.trim().split("\\s+", 2);
        if (schemeAndValue.length != 2 || !schemeAndValue[0].equalsIgnoreCase("Basic")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(schemeAndValue[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {
                urlDecode(decoded.substring(0, colon)), urlDecode(decoded.substring(colon + 1))});
    }

    /** Parses an application/x-www-form-urlencoded body; a repeated parameter is a malformed request. */
    static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = urlDecode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : urlDecode(pair.substring(equals + 1));
            if (form.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("Repeated form parameter: " + name);
            }
        }
        return form;
    }

    private static String urlDecode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    // Comparison time must not tell how many leading characters of a guessed secret were right.
    private static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer tokenAnswer(String accessToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("expires_in", LocalIdentities.ACCESS_TOKEN_LIFETIME.toSeconds());
        // No refresh tokens: clients simply ask again, which is what service accounts do with Keycloak too.
        body.put("refresh_expires_in", 0);
        body.put("token_type", "Bearer");
        body.put("not-before-policy", 0);
        body.put("scope", AccessTokenMinter.SCOPE);
        return new Answer(200, body);
    }

    static Answer error(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return new Answer(status, body);
    }
}
