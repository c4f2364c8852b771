package jp.onplanetz.privacy.consent;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.testinfra.ServiceBasicsContract;

@QuarkusTest
class ConsentServiceBasicsTest extends ServiceBasicsContract {
    @Override
    protected String protectedPath() {
        return "/api/v1/purposes";
    }

    @Override
    protected int port() {
        return io.restassured.RestAssured.port;
    }
}
