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
     * migrations grant no more than reading and appending; for the others {@code appRole} is the owner. A
     * database that is checked from outside the service has a third login role, {@code auditRole}, that the
     * migrations let read what the check reads and nothing else ({@code null} where there is none).
     */
    public record ServiceDatabase(String service, String database, String role, String password, String appRole,
            String appPassword, String auditRole, String auditPassword) {

        public boolean hasOwnAppRole() {
            return !appRole.equals(role);
        }

        public boolean hasAuditRole() {
            return auditRole != null;
        }
    }

    public static final ServiceDatabase CONSENT = of(Services.CONSENT, "consent");
    /** The ledger verifier (disclosure-log-ledger) checks the disclosure log as {@code disclosure_log_audit}. */
    public static final ServiceDatabase DISCLOSURE_LOG = withAuditRole(withAppRole(of(Services.DISCLOSURE_LOG,
            "disclosure_log")));
    public static final ServiceDatabase DATA_REQUEST = of(Services.DATA_REQUEST, "data_request");
    public static final ServiceDatabase ANALYTICS = of(Services.ANALYTICS, "analytics");

    public static final List<ServiceDatabase> ALL = List.of(CONSENT, DISCLOSURE_LOG, DATA_REQUEST, ANALYTICS);

    /** The shared runtime's own tests (outbox, inbox, problem+json) run a small application of their own. */
    public static final ServiceDatabase PLATFORM_TEST = of("platform-test", "platform_test");

    private ServiceDatabases() {
    }

    private static ServiceDatabase of(String service, String name) {
        // Local-only credentials: the database listens on loopback only and lives as long as the run.
        return new ServiceDatabase(service, name, name, name + "-local", name, name + "-local", null, null);
    }

    private static ServiceDatabase withAppRole(ServiceDatabase db) {
        String app = db.role() + "_app";
        return new ServiceDatabase(db.service(), db.database(), db.role(), db.password(), app, app + "-local", null,
                null);
    }

    private static ServiceDatabase withAuditRole(ServiceDatabase db) {
        String audit = db.role() + "_audit";
        return new ServiceDatabase(db.service(), db.database(), db.role(), db.password(), db.appRole(),
                db.appPassword(), audit, audit + "-local");
    }
}
