package jp.onplanetz.privacy.testinfra;

import jp.onplanetz.privacy.events.Services;

import java.util.List;

/**
 * Each service owns its data: one database and one login role per service, so that no service can read
 * another's tables. The names here are the local and test ones; production passes its own by configuration.
 */
public final class ServiceDatabases {

    /** A service's database, owned by a role of the same name. */
    public record ServiceDatabase(String service, String database, String role, String password) {
    }

    public static final ServiceDatabase CONSENT = of(Services.CONSENT, "consent");
    public static final ServiceDatabase DISCLOSURE_LOG = of(Services.DISCLOSURE_LOG, "disclosure_log");
    public static final ServiceDatabase DATA_REQUEST = of(Services.DATA_REQUEST, "data_request");
    public static final ServiceDatabase ANALYTICS = of(Services.ANALYTICS, "analytics");

    public static final List<ServiceDatabase> ALL = List.of(CONSENT, DISCLOSURE_LOG, DATA_REQUEST, ANALYTICS);

    /** The shared runtime's own tests (outbox, inbox, problem+json) run a small application of their own. */
    public static final ServiceDatabase PLATFORM_TEST = of("platform-test", "platform_test");

    private ServiceDatabases() {
    }

    private static ServiceDatabase of(String service, String name) {
        // Local-only credentials: the database listens on loopback only and lives as long as the run.
        return new ServiceDatabase(service, name, name, name + "-local");
    }
}
