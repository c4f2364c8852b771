package jp.onplanetz.privacy.disclosurelog;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.testinfra.ServiceBasicsContract;

@QuarkusTest
class DisclosureLogServiceBasicsTest extends ServiceBasicsContract {
    @Override
    protected String protectedPath() {
        return "/api/v1/entrustments";
    }

    @Override
    protected int port() {
        return io.restassured.RestAssured.port;
    }
}
