package jp.onplanetz.privacy.testinfra;

import java.util.function.Supplier;

/**
 * Runs code with this module's class loader as the thread's context loader. Quarkus tests load this
 * module parent-first (so that every test class shares one {@link SuiteInfrastructure}), while the test
 * thread's context loader is Quarkus's; Kafka clients load their plug-in classes through the context
 * loader, and would otherwise mix classes of two loaders.
 */
public final class OwnClassLoader {
    private OwnClassLoader() {
    }

    public static <T> T call(Supplier<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(OwnClassLoader.class.getClassLoader());
        try {
            return work.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
