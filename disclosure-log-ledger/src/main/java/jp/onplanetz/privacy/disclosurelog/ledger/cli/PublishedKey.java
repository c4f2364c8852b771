package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointVerifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpoint key as the service publishes it ({@code GET /api/v1/ledger/key}: keyName, verifierKey, jwk). A
 * convenience: a key fetched from the service is only as trustworthy as the service, so the summary prints the
 * verifier key for the auditor to compare with one obtained another way, and {@code --key} pins it.
 */
final class PublishedKey {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private PublishedKey() {
    }

    static CheckpointVerifier fetch(URI url, ObjectMapper json) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return read(json.readTree(response.body()));
    }

    /**
     * The key from the endpoint's JSON. The verifier key is the key; the JWK and the name beside it must be the same
     * key, or the answer is not to be trusted at all.
     */
    static CheckpointVerifier read(JsonNode body) {
        if (!body.path("verifierKey").isTextual()) {
            throw new IllegalArgumentException("the key's JSON has no verifierKey");
        }
        CheckpointVerifier verifier = CheckpointVerifier.ofVerifierKey(body.path("verifierKey").asText());
        if (body.has("keyName") && !verifier.keyName().equals(body.path("keyName").asText())) {
            throw new IllegalArgumentException("the key's JSON names " + body.path("keyName").asText()
                    + " but its verifier key is " + verifier.keyName() + "'s");
        }
        if (body.path("jwk").isObject()) {
            Map<String, Object> jwk = new LinkedHashMap<>();
            body.path("jwk").properties().forEach(f -> jwk.put(f.getKey(), f.getValue().asText()));
            if (!CheckpointVerifier.ofJwk(verifier.keyName(), jwk).rawPublicKeyBase64().equals(verifier.rawPublicKeyBase64())) {
                throw new IllegalArgumentException("the key's JWK and verifier key are different keys");
            }
        }
        return verifier;
    }
}
