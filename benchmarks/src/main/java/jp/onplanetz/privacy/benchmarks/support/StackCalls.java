package jp.onplanetz.privacy.benchmarks.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The benchmarks' calls to the services while they set up and check a run (not the measured load: {@code HttpLoad}). */
public final class StackCalls {

    private StackCalls() {
    }

    /** A JSON request with a bearer token. */
    public static HttpRequest request(String url, String bearer, String method, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The answer's body; a run stops at once on any other status than the one its set-up expects. */
    public static String expectStatus(HttpClient http, HttpRequest request, int status, String what) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": expected " + status + ", got " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }
}
