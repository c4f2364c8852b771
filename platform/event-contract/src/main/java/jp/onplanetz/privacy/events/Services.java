package jp.onplanetz.privacy.events;

/** The services of the suite, by the name they use as CloudEvents {@code source} and consumer group. */
public final class Services {
    public static final String CONSENT = "consent-service";
    public static final String DISCLOSURE_LOG = "disclosure-log-service";
    public static final String DATA_REQUEST = "data-request-service";
    public static final String ANALYTICS = "analytics-gateway";

    private Services() {
    }

    /** The CloudEvents {@code source} URI reference of a service. */
    public static String source(String service) {
        return "/privacy-ops/" + service;
    }
}
