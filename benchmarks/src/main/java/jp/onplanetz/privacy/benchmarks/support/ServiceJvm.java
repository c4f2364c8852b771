package jp.onplanetz.privacy.benchmarks.support;

/** The services' JVM options in a measured run, set before the stack starts and stated in the results. */
public final class ServiceJvm {

    private static final String PROPERTY = "privacyops.service.jvm-args";

    /**
     * The services' heap for a measured run (the local stack's default is a small one, fine for trying things out):
     * with a small young generation a service under load collects many times a second, which caps its throughput and
     * fills the latency tail with pauses.
     */
    static final String MEASURED_HEAP = "-Xms512m -Xmx512m -Xmn384m";

    private ServiceJvm() {
    }

    /** The measured heap, unless the caller gave the services' JVM options ({@code -Dprivacyops.service.jvm-args}). */
    public static void useMeasuredHeapUnlessGiven() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, MEASURED_HEAP);
        }
    }

    /** The services' JVM options as the results state them (the stack adds the collector to the caller's). */
    public static String described() {
        return "-XX:+UseSerialGC " + System.getProperty(PROPERTY, "");
    }
}
