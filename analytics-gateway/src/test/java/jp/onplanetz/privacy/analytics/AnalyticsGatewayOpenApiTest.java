package jp.onplanetz.privacy.analytics;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.testinfra.openapi.OpenApiContract;

@QuarkusTest
class AnalyticsGatewayOpenApiTest extends OpenApiContract {
    @Override
    protected int port() {
        return io.restassured.RestAssured.port;
    }
}
