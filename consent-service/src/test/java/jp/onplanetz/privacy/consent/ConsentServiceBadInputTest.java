package jp.onplanetz.privacy.consent;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.sweep.BadInputSweepContract;

@QuarkusTest
class ConsentServiceBadInputTest extends BadInputSweepContract {
    @Override
    protected int port() {
        return io.restassured.RestAssured.port;
    }

    @Override
    protected ServiceDatabases.ServiceDatabase database() {
        return ServiceDatabases.CONSENT;
    }
}
