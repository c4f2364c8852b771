package jp.onplanetz.privacy.localstack;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * consent-service scaled out: two instances on one database, behind what would be one Kubernetes Service,
 * must give the same decisions. A grant made through one is honoured by both within seconds; a withdrawal made
 * through one is honoured by both within a second (the law asks that withdrawing be as effective as
 * granting, and a caller may reach either instance); an instance started later knows the earlier grants and
 * withdrawals from its first answer.
 */
class ConsentReplicasTest {

    private static final String PURPOSE = "newsletter";
    private static final int SUBJECTS = 5;
    private static final Duration GRANT_HONOURED_WITHIN = Duration.ofSeconds(5);
    private static final long WITHDRAWAL_HONOURED_WITHIN_MILLIS = 1000;
    /** How long to keep polling after the limit, so that a failure reports how late it was, not only that it was. */
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 10;

    private static LocalStack stack;
    private static ServiceProcess replicaA;
    private static ServiceProcess replicaB;
    private static String callerToken;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        stack = LocalStack.start(new LocalStack.Options(Path.of("target", "replicas-stack").toAbsolutePath(), false, false));
        replicaA = stack.service(Services.CONSENT);
        replicaB = stack.startReplica(Services.CONSENT);
        callerToken = stack.serviceAccountToken(LocalIdentities.ANALYTICS_GATEWAY, Duration.ofMinutes(30));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aWithdrawalThroughOneReplicaIsHonouredByBothWithinASecond() throws Exception {
        List<String> lags = new ArrayList<>();
        long worstA = 0;
        long worstB = 0;
        for (int i = 0; i < SUBJECTS; i++) {
            String subject = UUID.randomUUID().toString();
            String consentId = grant(replicaA, subject);
            await().atMost(GRANT_HONOURED_WITHIN).pollInterval(Duration.ofMillis(POLL_MILLIS)).untilAsserted(() -> {
                assertThat(decision(replicaA, subject)).as("A after the grant").isEqualTo("PERMIT");
                assertThat(decision(replicaB, subject)).as("B after the grant").isEqualTo("PERMIT");
            });

            withdraw(replicaA, subject, consentId);
            long withdrawn = System.nanoTime();
            long[] denyAfter = untilBothDeny(subject, withdrawn);
            worstA = Math.max(worstA, denyAfter[0]);
            worstB = Math.max(worstB, denyAfter[1]);
            lags.add("A " + denyAfter[0] + " ms / B " + denyAfter[1] + " ms");
        }
        String report = "withdrawal through A until DENY, per subject: " + String.join(", ", lags)
                + "; worst A " + worstA + " ms, worst B " + worstB + " ms";
        System.out.println(report);
        assertThat(worstB).as(report).isLessThan(WITHDRAWAL_HONOURED_WITHIN_MILLIS);
        assertThat(worstA).as(report).isLessThan(WITHDRAWAL_HONOURED_WITHIN_MILLIS);
    }

    @Test
    void aReplicaStartedAfterTheGrantsHonoursThemFromItsFirstAnswer() throws Exception {
        String granted = UUID.randomUUID().toString();
        grant(replicaA, granted);
        // A withdrawn consent must stay withdrawn in the rebuilt state, not come back with its grant.
        String withdrawnSubject = UUID.randomUUID().toString();
        withdraw(replicaA, withdrawnSubject, grant(replicaA, withdrawnSubject));

        try (ServiceProcess late = stack.startReplica(Services.CONSENT)) {
            assertThat(decision(late, granted)).as("the late replica, first answer for an earlier grant").isEqualTo("PERMIT");
            assertThat(decision(late, withdrawnSubject)).as("the late replica, for a consent withdrawn before it started")
                    .isEqualTo("DENY");
        }
    }

    /**
     * Polls both replicas every {@value #POLL_MILLIS} ms until each answers DENY; returns for each the
     * milliseconds from {@code since} to the return of its first DENY, or the time given up after.
     */
    private static long[] untilBothDeny(String subject, long since) throws Exception {
        long[] deniedAfter = {-1, -1};
        ServiceProcess[] replicas = {replicaA, replicaB};
        long giveUp = since + GIVE_UP_AFTER.toNanos();
        while ((deniedAfter[0] < 0 || deniedAfter[1] < 0) && System.nanoTime() < giveUp) {
            for (int r = 0; r < replicas.length; r++) {
                if (deniedAfter[r] < 0 && decision(replicas[r], subject).equals("DENY")) {
                    deniedAfter[r] = (System.nanoTime() - since) / 1_000_000;
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        for (int r = 0; r < replicas.length; r++) {
            if (deniedAfter[r] < 0) {
                deniedAfter[r] = GIVE_UP_AFTER.toMillis(); // still PERMIT when we stopped asking
            }
        }
        return deniedAfter;
    }

    /** The subject grants the purpose through {@code replica} with its own token; returns the consent id. */
    private static String grant(ServiceProcess replica, String subject) {
        return given().auth().oauth2(subjectToken(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"" + PURPOSE + "\",\"method\":\"web-form\"}")
                .when().post(replica.baseUrl() + "/api/v1/subjects/" + subject + "/consents")
                .then().statusCode(201).extract().path("id");
    }

    private static void withdraw(ServiceProcess replica, String subject, String consentId) {
        given().auth().oauth2(subjectToken(subject))
                .when().post(replica.baseUrl() + "/api/v1/subjects/" + subject + "/consents/" + consentId + "/withdrawal")
                .then().statusCode(200);
    }

    private static String subjectToken(String subject) {
        return stack.issuer().mint(subject, "replica-test-subject", Set.of(LocalIdentities.ROLE_DATA_SUBJECT));
    }

    /** {@code replica}'s decision for the subject and the purpose, asked as analytics-gateway asks it. */
    private static String decision(ServiceProcess replica, String subject) throws IOException, InterruptedException {
        HttpRequest check = HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/api/v1/decisions/check"))
                .header("Authorization", "Bearer " + callerToken).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{\"subjectId\":\"" + subject + "\",\"purpose\":\"" + PURPOSE
                        + "\",\"categories\":[\"profile.email\"]}"))
                .build();
        HttpResponse<String> answer = HTTP.send(check, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("check on " + replica.baseUrl() + ": " + answer.body()).isEqualTo(200);
        return JsonPath.from(answer.body()).getString("decision");
    }
}
