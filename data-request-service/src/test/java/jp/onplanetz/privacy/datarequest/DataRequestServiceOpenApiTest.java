package jp.onplanetz.privacy.datarequest;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.testinfra.openapi.OpenApiContract;

@QuarkusTest
class DataRequestServiceOpenApiTest extends OpenApiContract {
    @Override
    protected int port() {
        return io.restassured.RestAssured.port;
    }
}
