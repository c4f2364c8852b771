package jp.onplanetz.privacy.disclosurelog;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.testinfra.openapi.OpenApiContract;

@QuarkusTest
class DisclosureLogServiceOpenApiTest extends OpenApiContract {
    @Override
    protected int port() {
        return io.restassured.RestAssured.port;
    }
}
