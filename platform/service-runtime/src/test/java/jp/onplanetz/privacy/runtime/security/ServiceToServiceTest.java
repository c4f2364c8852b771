package jp.onplanetz.privacy.runtime.security;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.runtime.testapp.WhoAmIClient;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service calls another with the client-credentials token of its own service account, fetched by
 * quarkus-oidc-client from the issuer's token endpoint and verified by quarkus-oidc on the other side.
 */
@QuarkusTest
class ServiceToServiceTest {

    @RestClient
    WhoAmIClient client;

    @Test
    @SuppressWarnings("unchecked")
    void aServiceCallsWithItsOwnServiceAccount() {
        Map<String, Object> me = client.whoAmI();
        assertThat(me.get("principal")).isEqualTo(LocalIdentities.CONSENT_SERVICE_ACCOUNT_ID);
        assertThat((List<Object>) me.get("roles")).contains((Object) LocalIdentities.ROLE_SVC_CONSENT);
    }

    @Test
    void peopleAndOtherServicesAreRefused() {
        given().auth().oauth2(TestTokens.operator()).when().get("/test/whoami").then().statusCode(403);
        given().auth().oauth2(TestTokens.service(LocalIdentities.ANALYTICS_GATEWAY)).when().get("/test/whoami")
                .then().statusCode(403);
    }
}
