package jp.onplanetz.privacy.testinfra;

import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.util.Set;

/**
 * Real signed access tokens from the suite's token issuer, for tests: the services verify them through
 * quarkus-oidc exactly as they verify Keycloak's (discovery, JWKS, issuer, audience, expiry).
 */
public final class TestTokens {
    private TestTokens() {
    }

    /**
     * A token for subject {@code sub} with the given realm roles. Its user name differs from its sub, as
     * in Keycloak, so that a service that took the user name for the subject id would fail its tests.
     */
    public static String token(String sub, String... roles) {
        return SuiteInfrastructure.get().issuer().mint(sub, "user-" + Integer.toHexString(sub.hashCode()), Set.of(roles));
    }

    /** A data subject's token: {@code sub} is its opaque subject id. */
    public static String subject(String subjectId) {
        return token(subjectId, LocalIdentities.ROLE_DATA_SUBJECT);
    }

    public static String privacyOfficer() {
        return token(LocalIdentities.OFFICER_SUBJECT_ID, LocalIdentities.ROLE_PRIVACY_OFFICER);
    }

    public static String operator() {
        return token(LocalIdentities.OPERATOR_SUBJECT_ID, LocalIdentities.ROLE_OPERATOR);
    }

    public static String recipient() {
        return token(LocalIdentities.ACME_ADS_SUBJECT_ID, LocalIdentities.ROLE_RECIPIENT);
    }

    /** A service account's token (as its client-credentials grant would give). */
    public static String service(LocalIdentities.ServiceClient client) {
        return SuiteInfrastructure.get().issuer().mint(client.serviceAccountId(), client.serviceAccountUsername(),
                client.realmRoles());
    }
}
