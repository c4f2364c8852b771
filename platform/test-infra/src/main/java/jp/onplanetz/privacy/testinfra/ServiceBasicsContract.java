package jp.onplanetz.privacy.testinfra;

import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * What every service must show, run by each service's tests (a subclass annotated {@code @QuarkusTest}):
 * probes, metrics and the API document are open; everything else wants a token; readiness covers the
 * database and the broker.
 */
public abstract class ServiceBasicsContract {

    /** Any endpoint of the service that needs a token. */
    protected abstract String protectedPath();

    /**
     * The port of the application under test: {@code return RestAssured.port;} in the subclass. This class
     * is loaded parent-first (with the rest of test-infra), so its own view of REST Assured's static port is
     * not the one Quarkus set for the test.
     */
    protected abstract int port();

    private io.restassured.specification.RequestSpecification given() {
        return io.restassured.RestAssured.given().port(port());
    }

    /**
     * The infrastructure module is loaded parent-first in every test application, so one {@link SuiteInfrastructure}
     * serves every test class of the JVM. service-parent's surefire configuration says so, as a system property:
     * Quarkus takes this setting from system properties or the application's own application.properties, never from
     * service-runtime's shared defaults, and production's configuration has no business naming a test module.
     */
    @Test
    void theInfrastructureModuleIsLoadedOnceForTheJvm() {
        org.assertj.core.api.Assertions.assertThat(ServiceBasicsContract.class.getClassLoader())
                .as("test-infra's class loader: quarkus.class-loading.parent-first-artifacts must name it")
                .isNotSameAs(getClass().getClassLoader())
                .isSameAs(ClassLoader.getSystemClassLoader());
    }

    @Test
    void livenessIsOpen() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessCoversTheDatabaseAndTheBroker() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
    }

    @Test
    void metricsAreOpenAndIncludeTheOutbox() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("privacyops_outbox_pending"))
                .body(containsString("http_server_requests_seconds"));
    }

    @Test
    void theOpenApiDocumentIsOpen() {
        given().when().get("/q/openapi?format=json").then().statusCode(200).body("openapi", containsString("3."));
    }

    @Test
    void everythingElseWantsABearerToken() {
        given().when().get(protectedPath()).then().statusCode(401);
        given().auth().oauth2("not-a-jwt").when().get(protectedPath()).then().statusCode(401);
    }
}
