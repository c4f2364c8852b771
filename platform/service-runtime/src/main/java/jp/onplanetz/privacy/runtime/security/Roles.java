package jp.onplanetz.privacy.runtime.security;

/**
 * The realm roles of the suite (Keycloak realm {@code privacy-ops}, roles in {@code realm_access.roles}).
 * Each endpoint names the roles that may call it with {@code @RolesAllowed}.
 */
public final class Roles {
    /** A person whose data we hold, acting through the company's apps: reaches only its own data. */
    public static final String DATA_SUBJECT = "data-subject";
    public static final String PRIVACY_OFFICER = "privacy-officer";
    public static final String OPERATOR = "operator";
    /** A third party pulling anonymised statistics. */
    public static final String RECIPIENT = "recipient";
    /** Service accounts (client credentials), one per calling service. */
    public static final String SVC_CONSENT = "svc-consent";
    public static final String SVC_DISCLOSURE_LOG = "svc-disclosure-log";
    public static final String SVC_DATA_REQUEST = "svc-data-request";
    public static final String SVC_ANALYTICS = "svc-analytics";
    /**
     * The company's own sites and apps (outside the suite) reporting usage events to analytics-gateway. Not one of
     * the suite's accounts: reporting usage must not also let an app read consents or the disclosure log.
     */
    public static final String SVC_USAGE_REPORTER = "svc-usage-reporter";

    private Roles() {
    }
}
