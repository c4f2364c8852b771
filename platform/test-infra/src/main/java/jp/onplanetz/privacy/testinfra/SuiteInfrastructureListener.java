package jp.onplanetz.privacy.testinfra;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the {@link SuiteInfrastructure} before the first test class of a JVM is loaded, so that every
 * Quarkus test application of the module finds its database, broker and token issuer already there.
 * Opt-in by the system property {@value #ENABLE} (the services' parent POM sets it for Surefire), so that a
 * module that merely has this jar on its test classpath does not pay for it.
 */
public final class SuiteInfrastructureListener implements LauncherSessionListener {

    public static final String ENABLE = "privacyops.test.infrastructure";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if ("start".equals(System.getProperty(ENABLE))) {
            SuiteInfrastructure.get();
        }
    }
}
