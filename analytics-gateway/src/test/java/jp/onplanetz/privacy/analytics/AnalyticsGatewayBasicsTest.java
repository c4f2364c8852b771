package jp.onplanetz.privacy.analytics;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.testinfra.ServiceBasicsContract;

@QuarkusTest
class AnalyticsGatewayBasicsTest extends ServiceBasicsContract {
    @Override
    protected String protectedPath() {
        return "/api/v1/consent-projection/someone";
    }

    @Override
    protected int port() {
        return io.restassured.RestAssured.port;
    }
}
