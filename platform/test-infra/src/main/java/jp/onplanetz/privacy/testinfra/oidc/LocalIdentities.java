package jp.onplanetz.privacy.testinfra.oidc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one source of truth of the identities that exist in tests and in the local run.
 *
 * <p>{@link LocalOidcIssuer} issues tokens for exactly these, and {@code deploy/keycloak/privacy-ops-realm.json}
 * declares exactly these for a real Keycloak (a test keeps the two from drifting apart). The fixed ids matter:
 * a token's {@code sub} is what the services store, so a user keeps the same subject id whichever issuer
 * signed the token, and test data can refer to it.
 *
 * <p>Every secret and password here is for local use only; they are in the repository on purpose.
 */
public final class LocalIdentities {

    public static final String REALM = "privacy-ops";
    /** Every access token carries this {@code aud}; the services accept no other. */
    public static final String AUDIENCE = "privacy-ops";
    /** Keycloak's default access token lifespan; the realm file sets the same value explicitly. */
    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

    public static final String ROLE_DATA_SUBJECT = "data-subject";
    public static final String ROLE_PRIVACY_OFFICER = "privacy-officer";
    public static final String ROLE_OPERATOR = "operator";
    public static final String ROLE_RECIPIENT = "recipient";
    public static final String ROLE_SVC_CONSENT = "svc-consent";
    public static final String ROLE_SVC_DISCLOSURE_LOG = "svc-disclosure-log";
    public static final String ROLE_SVC_DATA_REQUEST = "svc-data-request";
    public static final String ROLE_SVC_ANALYTICS = "svc-analytics";
    /** The company's own apps reporting usage to analytics-gateway: not one of the suite's services. */
    public static final String ROLE_SVC_USAGE_REPORTER = "svc-usage-reporter";

    public static final List<String> REALM_ROLES = List.of(
            ROLE_DATA_SUBJECT, ROLE_PRIVACY_OFFICER, ROLE_OPERATOR, ROLE_RECIPIENT,
            ROLE_SVC_CONSENT, ROLE_SVC_DISCLOSURE_LOG, ROLE_SVC_DATA_REQUEST, ROLE_SVC_ANALYTICS, ROLE_SVC_USAGE_REPORTER);

    public static final String CONSENT_SERVICE_CLIENT_ID = "consent-service";
    public static final String DISCLOSURE_LOG_SERVICE_CLIENT_ID = "disclosure-log-service";
    public static final String DATA_REQUEST_SERVICE_CLIENT_ID = "data-request-service";
    public static final String ANALYTICS_GATEWAY_CLIENT_ID = "analytics-gateway";
    public static final String USAGE_REPORTER_CLIENT_ID = "usage-reporter";
    /** The public client people log in through (password grant); it has no secret. */
    public static final String CLI_CLIENT_ID = "privacy-ops-cli";

    // Subject ids of the service accounts: a service's own writes are attributed to these.
    public static final String CONSENT_SERVICE_ACCOUNT_ID = "bc03a73e-b491-4fe6-a30f-84ad103f00e6";
    public static final String DISCLOSURE_LOG_SERVICE_ACCOUNT_ID = "0bc9106c-7b90-439e-94ec-5d1c0ce9c25b";
    public static final String DATA_REQUEST_SERVICE_ACCOUNT_ID = "6e68b06d-36df-4a4f-8229-8f2c99c42f37";
    public static final String ANALYTICS_GATEWAY_ACCOUNT_ID = "16f4c0ee-dd7a-46af-b58a-5b122b6b05d6";
    public static final String USAGE_REPORTER_ACCOUNT_ID = "9d5c1f6e-3b8a-4f2e-a1c7-52e0b6d4a9f3";

    /** Alice's {@code sub}: her data subject id throughout the suite. */
    public static final String ALICE_SUBJECT_ID = "b408fdb2-8dad-4f6b-9b75-80e7a34f36f3";
    /** Bob's {@code sub}: his data subject id throughout the suite. */
    public static final String BOB_SUBJECT_ID = "1dc30be7-7b84-40f4-a11e-725c92ae0efe";
    public static final String OFFICER_SUBJECT_ID = "2672d05a-b577-43cd-9d4b-3187e51e0b4c";
    public static final String OPERATOR_SUBJECT_ID = "7fda16fd-2ac3-49cb-bd54-98b3680232a2";
    public static final String ACME_ADS_SUBJECT_ID = "48e1d659-e24e-41f5-a705-c929e7755a0c";

    /** A confidential client that gets tokens for its own service account (client credentials grant). */
    public record ServiceClient(String clientId, String secret, String serviceAccountId, Set<String> realmRoles) {
        public ServiceClient {
            realmRoles = Set.copyOf(realmRoles);
        }

        /** Keycloak's name for the user behind a service account; it is the token's preferred_username. */
        public String serviceAccountUsername() {
            return "service-account-" + clientId;
        }
    }

    /** A person who logs in with username and password through {@link #CLI_CLIENT_ID}. */
    public record LocalUser(String id, String username, String password, Set<String> realmRoles) {
        public LocalUser {
            realmRoles = Set.copyOf(realmRoles);
        }
    }

    public static final ServiceClient CONSENT_SERVICE =
            serviceClient(CONSENT_SERVICE_CLIENT_ID, CONSENT_SERVICE_ACCOUNT_ID, ROLE_SVC_CONSENT);
    public static final ServiceClient DISCLOSURE_LOG_SERVICE =
            serviceClient(DISCLOSURE_LOG_SERVICE_CLIENT_ID, DISCLOSURE_LOG_SERVICE_ACCOUNT_ID, ROLE_SVC_DISCLOSURE_LOG);
    public static final ServiceClient DATA_REQUEST_SERVICE =
            serviceClient(DATA_REQUEST_SERVICE_CLIENT_ID, DATA_REQUEST_SERVICE_ACCOUNT_ID, ROLE_SVC_DATA_REQUEST);
    public static final ServiceClient ANALYTICS_GATEWAY =
            serviceClient(ANALYTICS_GATEWAY_CLIENT_ID, ANALYTICS_GATEWAY_ACCOUNT_ID, ROLE_SVC_ANALYTICS);

    /** One client for the reporting apps, so a local run can send usage events as they would. */
    public static final ServiceClient USAGE_REPORTER =
            serviceClient(USAGE_REPORTER_CLIENT_ID, USAGE_REPORTER_ACCOUNT_ID, ROLE_SVC_USAGE_REPORTER);

    public static final List<ServiceClient> SERVICE_CLIENTS =
            List.of(CONSENT_SERVICE, DISCLOSURE_LOG_SERVICE, DATA_REQUEST_SERVICE, ANALYTICS_GATEWAY, USAGE_REPORTER);

    public static final LocalUser ALICE = user(ALICE_SUBJECT_ID, "alice", ROLE_DATA_SUBJECT);
    public static final LocalUser BOB = user(BOB_SUBJECT_ID, "bob", ROLE_DATA_SUBJECT);
    public static final LocalUser OFFICER = user(OFFICER_SUBJECT_ID, "officer", ROLE_PRIVACY_OFFICER);
    public static final LocalUser OPERATOR = user(OPERATOR_SUBJECT_ID, "operator", ROLE_OPERATOR);
    public static final LocalUser ACME_ADS = user(ACME_ADS_SUBJECT_ID, "acme-ads", ROLE_RECIPIENT);

    public static final List<LocalUser> USERS = List.of(ALICE, BOB, OFFICER, OPERATOR, ACME_ADS);

    private LocalIdentities() {
    }

    public static Optional<ServiceClient> serviceClient(String clientId) {
        return SERVICE_CLIENTS.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    public static Optional<LocalUser> user(String username) {
        return USERS.stream().filter(u -> u.username().equals(username)).findFirst();
    }

    private static ServiceClient serviceClient(String clientId, String serviceAccountId, String role) {
        return new ServiceClient(clientId, clientId + "-local-secret", serviceAccountId, Set.of(role));
    }

    // Password equal to the username: these accounts exist only on a developer's machine and in tests.
    private static LocalUser user(String id, String username, String role) {
        return new LocalUser(id, username, username, Set.of(role));
    }
}
