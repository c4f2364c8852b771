package jp.onplanetz.privacy.datarequest;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.sweep.BadInputSweepContract;

@QuarkusTest
class DataRequestBadInputTest extends BadInputSweepContract {
    @Override
    protected int port() {
        return io.restassured.RestAssured.port;
    }

    @Override
    protected ServiceDatabases.ServiceDatabase database() {
        return ServiceDatabases.DATA_REQUEST;
    }
}
