package jp.onplanetz.privacy.datarequest;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.testinfra.ServiceBasicsContract;

@QuarkusTest
class DataRequestServiceBasicsTest extends ServiceBasicsContract {
    @Override
    protected String protectedPath() {
        return "/api/v1/requests";
    }

    @Override
    protected int port() {
        return io.restassured.RestAssured.port;
    }
}
