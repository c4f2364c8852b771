package jp.onplanetz.privacy.testinfra.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.testinfra.OwnClassLoader;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input, swept over every write operation of a service's own API document (a subclass annotated
 * {@code @QuarkusTest} in each service runs it): every request must be answered at once with a 4xx
 * problem+json naming what is wrong, never a 5xx or a 2xx, and must change nothing: every table's row count and
 * the outbox's sequence are the same after the sweep as before it. A new endpoint is covered as soon as it is in
 * the document. See {@link SweepCases} for what is sent.
 */
public abstract class BadInputSweepContract {

    /** The subject id a data subject's token carries, and the one put where a request names a subject. */
    static final String SWEEP_SUBJECT = "sweep-subject-7d0c";
    private static final int AT_LEAST = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The port of the application under test: {@code return RestAssured.port;} in the subclass (this class is loaded
     * parent-first, so its own view of REST Assured's static port is not the one Quarkus set for the test).
     */
    protected abstract int port();

    /** The service's database, whose tables must not change. */
    protected abstract ServiceDatabases.ServiceDatabase database();

    /**
     * Tables that the service writes on its own schedule (not on a request), left out of the comparison; each
     * subclass says why. None by default.
     */
    protected Set<String> tablesWrittenInBackground() {
        return Set.of();
    }

    @Test
    void everyBadRequestIsRefusedWithAProblemAndChangesNothing() throws Exception {
        HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        JsonNode root = JSON.readTree(http1.send(HttpRequest.newBuilder(uri("/q/openapi?format=json")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        ApiDocument document = new ApiDocument(root);
        List<ApiOperation> operations = document.writeOperations();
        assertThat(operations).as("write operations in the API document").isNotEmpty();
        SweepCases generator = new SweepCases(document, SWEEP_SUBJECT);
        List<SweepCase> cases = OwnClassLoader.call(() -> generator.of(operations, AT_LEAST));

        Map<String, Long> before = quietSnapshot();
        List<String> failures = new ArrayList<>();
        for (SweepCase c : cases) {
            HttpResponse<String> answer = (c.version() == HttpClient.Version.HTTP_2 ? http2 : http1)
                    .send(request(c), HttpResponse.BodyHandlers.ofString());
            String failure = judge(c, answer);
            if (failure != null) {
                failures.add(failure);
            }
        }
        Map<String, Long> after = quietSnapshot();

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(cases.size()).as("requests sent").isGreaterThanOrEqualTo(AT_LEAST);
            softly.assertThat(generator.documentDefects()).as("the API document's request schemas").isEmpty();
            softly.assertThat(failures).as("answers to bad requests (" + cases.size() + " sent)").isEmpty();
            softly.assertThat(after).as("row counts and outbox sequence").isEqualTo(before);
        });
    }

    private HttpRequest request(SweepCase c) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(c.path())).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + tokenFor(c.operation()))
                .method(c.operation().method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        return b.build();
    }

    private String judge(SweepCase c, HttpResponse<String> answer) {
        String where = c.operation().name() + " [" + c.what() + "] over " + c.version() + ": ";
        if (!c.statuses().contains(answer.statusCode())) {
            return where + "answered " + answer.statusCode() + ", expected " + c.statuses() + " "
                    + abbreviate(answer.body());
        }
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return where + "answered " + answer.statusCode() + " as '" + type + "', not problem+json";
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(answer.body());
        } catch (Exception e) {
            return where + "answered a problem that is not JSON: " + abbreviate(answer.body());
        }
        if (problem.path("status").asInt() != answer.statusCode() || !problem.path("type").isTextual()) {
            return where + "answered a problem without its status and type: " + abbreviate(answer.body());
        }
        if (c.field() != null && answer.statusCode() == 400 && !namesField(problem, c.field())) {
            return where + "did not name '" + c.field() + "': " + abbreviate(answer.body());
        }
        return null;
    }

    /** The answer names the field, its enclosing field, or a part of it (a list's element, say). */
    private static boolean namesField(JsonNode problem, String field) {
        for (JsonNode p : problem.path("invalid-params")) {
            String name = p.path("name").asText();
            if (name.equals(field) || field.startsWith(name + ".") || field.startsWith(name + "[")
                    || name.startsWith(field + ".") || name.startsWith(field + "[")) {
                return true;
            }
        }
        return false;
    }

    private String tokenFor(ApiOperation op) {
        String role = op.roles().isEmpty() ? "privacy-officer" : op.roles().get(0);
        return TestTokens.token(SWEEP_SUBJECT, role);
    }

    /** Row counts of every table and the outbox's last sequence, once two readings a second apart agree. */
    private Map<String, Long> quietSnapshot() throws InterruptedException {
        Map<String, Long> last = snapshot();
        for (int i = 0; i < 30; i++) {
            Thread.sleep(1000);
            Map<String, Long> now = snapshot();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the service's tables kept changing on their own: " + last);
    }

    private Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        ServiceDatabases.ServiceDatabase db = database();
        List<String> tables = new ArrayList<>();
        try (var c = ServiceDb.connect(db); var rs = c.createStatement().executeQuery(
                "select table_name from information_schema.tables where table_schema = 'public'"
                        + " and table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        for (String table : tables) {
            if (!tablesWrittenInBackground().contains(table)) {
                counts.put(table, ServiceDb.count(db, "select count(*) from \"" + table + "\""));
            }
        }
        counts.put("outbox_event.max(seq)", ServiceDb.count(db, "select coalesce(max(seq), 0) from outbox_event"));
        return counts;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    private static String abbreviate(String s) {
        String one = Objects.toString(s, "").replace('\n', ' ');
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
