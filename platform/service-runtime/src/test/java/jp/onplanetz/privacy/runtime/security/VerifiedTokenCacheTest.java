package jp.onplanetz.privacy.runtime.security;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A token verified once is not verified again while it stands, and the cache never widens what a token may do:
 * each request keeps its own context, an expired token is refused though it was cached, and a token changed in
 * any byte goes to quarkus-oidc (and is refused) though the genuine one is cached.
 */
@QuarkusTest
class VerifiedTokenCacheTest {

    @Inject
    MeterRegistry meters;

    @Test
    void aTokenSentAgainIsTakenFromTheCacheWithThisRequestsOwnContext() {
        String token = TestTokens.service(LocalIdentities.CONSENT_SERVICE);
        double hitsBefore = hits();
        whoAmI(token, "first").statusCode(200).body("probe", equalTo("first"))
                .body("principal", equalTo(LocalIdentities.CONSENT_SERVICE_ACCOUNT_ID));
        whoAmI(token, "second").statusCode(200).body("probe", equalTo("second"))
                .body("principal", equalTo(LocalIdentities.CONSENT_SERVICE_ACCOUNT_ID));
        whoAmI(token, "third").statusCode(200).body("probe", equalTo("third"));
        assertThat(hits() - hitsBefore).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() {
        var consent = LocalIdentities.CONSENT_SERVICE;
        String token = SuiteInfrastructure.get().issuer().mint(consent.serviceAccountId(),
                consent.serviceAccountUsername(), consent.realmRoles(), Duration.ofSeconds(3));
        double hitsBefore = hits();
        whoAmI(token, "fresh").statusCode(200);
        whoAmI(token, "cached").statusCode(200);
        assertThat(hits() - hitsBefore).isGreaterThanOrEqualTo(1);
        // The cache keeps entries up to a minute: only the token's own exp can make this pass in time.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> whoAmI(token, "late").extract().statusCode() == 401);
    }

    @Test
    void aTokenChangedInAnyByteIsVerifiedAndRefusedThoughTheGenuineOneIsCached() {
        String token = TestTokens.service(LocalIdentities.CONSENT_SERVICE);
        whoAmI(token, "genuine").statusCode(200);
        whoAmI(token, "genuine").statusCode(200);
        String[] parts = token.split("\\.");
        char last = parts[2].charAt(parts[2].length() - 2);
        String otherSignature = parts[2].substring(0, parts[2].length() - 2) + (last == 'A' ? 'B' : 'A')
                + parts[2].charAt(parts[2].length() - 1);
        whoAmI(parts[0] + "." + parts[1] + "." + otherSignature, "forged").statusCode(401);
        // Another caller's token, verified after this one was cached, is that caller's identity.
        whoAmI(TestTokens.operator(), "operator").statusCode(403);
        whoAmI(TestTokens.service(LocalIdentities.ANALYTICS_GATEWAY), "analytics").statusCode(403);
    }

    private static io.restassured.response.ValidatableResponse whoAmI(String token, String probe) {
        return given().auth().oauth2(token).header("X-Probe", probe).when().get("/test/whoami").then();
    }

    private double hits() {
        FunctionCounter hits = meters.find("cache.gets").tag("cache", "verified_tokens").tag("result", "hit")
                .functionCounter();
        assertThat(hits).as("the cache's hit counter on the registry").isNotNull();
        return hits.count();
    }
}
