package jp.onplanetz.privacy.consent;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.testinfra.openapi.OpenApiContract;

@QuarkusTest
class ConsentServiceOpenApiTest extends OpenApiContract {
    @Override
    protected int port() {
        return io.restassured.RestAssured.port;
    }
}
