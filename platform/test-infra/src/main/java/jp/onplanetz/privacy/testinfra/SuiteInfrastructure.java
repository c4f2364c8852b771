package jp.onplanetz.privacy.testinfra;

import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.testinfra.oidc.LocalOidcIssuer;

import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The real parts a test JVM needs, started once per JVM (that is, once per Maven module) and shared by
 * every test class: PostgreSQL with one database per service, a Kafka broker with the catalogue's topics,
 * and the token issuer. Their addresses are published as system properties that the services' test
 * profiles read:
 * <ul>
 * <li>{@value #PG_PORT}</li>
 * <li>{@value #KAFKA_BOOTSTRAP}</li>
 * <li>{@value #OIDC_URL}</li>
 * </ul>
 */
public final class SuiteInfrastructure implements AutoCloseable {

    public static final String PG_PORT = "privacyops.test.pg.port";
    public static final String KAFKA_BOOTSTRAP = "privacyops.test.kafka.bootstrap";
    public static final String OIDC_URL = "privacyops.test.oidc.url";

    private static final Logger LOG = Logger.getLogger(SuiteInfrastructure.class.getName());
    private static SuiteInfrastructure instance;

    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final LocalOidcIssuer issuer;

    private SuiteInfrastructure(PostgresServer postgres, KafkaBroker kafka, LocalOidcIssuer issuer) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.issuer = issuer;
    }

    /** Starts everything on first call; later calls return the same parts. */
    public static synchronized SuiteInfrastructure get() {
        if (instance == null) {
            instance = start(Path.of("target", "infra").toAbsolutePath());
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "suite-infrastructure-stop"));
        }
        return instance;
    }

    private static SuiteInfrastructure start(Path directory) {
        long t0 = System.nanoTime();
        PostgresServer postgres = PostgresServer.start(0, false, directory.resolve("postgres"));
        ServiceDatabases.ALL.forEach(postgres::ensureDatabase);
        postgres.ensureDatabase(ServiceDatabases.PLATFORM_TEST);
        long t1 = System.nanoTime();
        KafkaBroker kafka = KafkaBroker.start(directory.resolve("kafka"), 0);
        kafka.createTopics(EventCatalogue.topics());
        long t2 = System.nanoTime();
        LocalOidcIssuer issuer = LocalOidcIssuer.start(0);
        System.setProperty(PG_PORT, Integer.toString(postgres.port()));
        System.setProperty(KAFKA_BOOTSTRAP, kafka.bootstrapServers());
        System.setProperty(OIDC_URL, issuer.issuerUrl());
        LOG.info(() -> String.format("suite infrastructure up: postgres :%d in %d ms, kafka %s in %d ms, oidc %s",
                postgres.port(), (t1 - t0) / 1_000_000, kafka.bootstrapServers(), (t2 - t1) / 1_000_000,
                issuer.issuerUrl()));
        return new SuiteInfrastructure(postgres, kafka, issuer);
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public LocalOidcIssuer issuer() {
        return issuer;
    }

    @Override
    public void close() {
        // Reverse order of start; each part is stopped even if another fails to.
        try {
            issuer.close();
        } finally {
            try {
                kafka.close();
            } finally {
                postgres.close();
            }
        }
    }
}
