package jp.onplanetz.privacy.testinfra;

import jp.onplanetz.privacy.events.Services;

import java.util.List;

/**
 * Each service owns its data: one database and one login role per service, so that no service can read
 * another's tables. The names here are the local and test ones; production passes its own by configuration.
 */
public final class ServiceDatabases {

    /**
     * A service's database, owned by a role of the same name, which runs the migrations. A service whose
     * tables must be append-only even to itself runs as a second login role, {@code appRole}, that the
     * migrations grant no more than reading and appending; for the others {@code appRole} is the owner.
     */
    public record ServiceDatabase(String service, String database, String role, String password, String appRole,
            String appPassword) {

        public boolean hasOwnAppRole() {
            return !appRole.equals(role);
        }
    }

    public static final ServiceDatabase CONSENT = of(Services.CONSENT, "consent");
    public static final ServiceDatabase DISCLOSURE_LOG = withAppRole(of(Services.DISCLOSURE_LOG, "disclosure_log"));
    public static final ServiceDatabase DATA_REQUEST = of(Services.DATA_REQUEST, "data_request");
    public static final ServiceDatabase ANALYTICS = of(Services.ANALYTICS, "analytics");

    public static final List<ServiceDatabase> ALL = List.of(CONSENT, DISCLOSURE_LOG, DATA_REQUEST, ANALYTICS);

    /** The shared runtime's own tests (outbox, inbox, problem+json) run a small application of their own. */
    public static final ServiceDatabase PLATFORM_TEST = of("platform-test", "platform_test");

    private ServiceDatabases() {
    }

    private static ServiceDatabase of(String service, String name) {
        // Local-only credentials: the database listens on loopback only and lives as long as the run.
        return new ServiceDatabase(service, name, name, name + "-local", name, name + "-local");
    }

    private static ServiceDatabase withAppRole(ServiceDatabase db) {
        String app = db.role() + "_app";
        return new ServiceDatabase(db.service(), db.database(), db.role(), db.password(), app, app + "-local");
    }
}
