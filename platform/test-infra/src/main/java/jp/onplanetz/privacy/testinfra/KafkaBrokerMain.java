package jp.onplanetz.privacy.testinfra;

/**
 * Entry point of the broker's own JVM. It runs Kafka, and exits when its parent goes away (its standard
 * input reaches end of file), so that a test JVM killed hard never leaves a broker behind holding ports.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent writes nothing; we only wait for the pipe to close
                }
            } catch (java.io.IOException ignored) {
                // a broken pipe means the same: the parent is gone
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(args);
    }
}
