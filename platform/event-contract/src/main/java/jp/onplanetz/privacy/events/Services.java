package jp.onplanetz.privacy.events;

/** The services of the suite, by the name they use as CloudEvents {@code source} and consumer group. */
public final class Services {
    public static final String CONSENT = "consent-service";
    public static final String DISCLOSURE_LOG = "disclosure-log-service";
    public static final String DATA_REQUEST = "data-request-service";
    public static final String ANALYTICS = "analytics-gateway";
    /**
     * The company's own sites and apps, outside this suite, reporting how they are used. One name for all of
     * them: which app an event came from is not something the statistics may depend on.
     */
    public static final String SERVICE_APPS = "service-apps";

    /**
     * Producer of an event type that every system holding personal data publishes for itself (the answer to a
     * data-request task): its {@code source} is the answering system's own.
     */
    public static final String EACH_DATA_HOLDER = "each-data-holder";

    private Services() {
    }

    /** The CloudEvents {@code source} URI reference of a service. */
    public static String source(String service) {
        return "/privacy-ops/" + service;
    }

    /** Whether a service publishes events of a type whose producer is {@code producer}. */
    public static boolean publishes(String service, String producer) {
        return producer.equals(service) || producer.equals(EACH_DATA_HOLDER);
    }
}
