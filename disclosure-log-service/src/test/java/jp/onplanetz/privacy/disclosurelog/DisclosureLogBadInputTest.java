package jp.onplanetz.privacy.disclosurelog;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.sweep.BadInputSweepContract;

@QuarkusTest
class DisclosureLogBadInputTest extends BadInputSweepContract {
    @Override
    protected int port() {
        return io.restassured.RestAssured.port;
    }

    @Override
    protected ServiceDatabases.ServiceDatabase database() {
        return ServiceDatabases.DISCLOSURE_LOG;
    }
}
