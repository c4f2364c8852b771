package jp.onplanetz.privacy.datarequest.config;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;
import java.time.ZoneId;

/**
 * data-request-service's own settings. Their defaults are in application.properties, the one place an operator reads
 * them next to Quarkus' own; the README's Settings table lists them (DocumentedSettingsTest keeps the two together).
 */
@ConfigMapping(prefix = "privacyops.data-request")
public interface DataRequestConfig {

    /**
     * How long after receipt a request is due. The Act asks for an answer "without delay" and sets no number
     * of days; this is the company's own target, after which a request shows as overdue in the queue.
     */
    Duration dueAfter();

    /**
     * How long each system has to answer its task before the watchdog flags it (and publishes
     * {@code data-request.answer-overdue.v1}). The suite's services answer in seconds; outside systems run by
     * other teams may need this long.
     */
    Duration answerWithin();

    /**
     * How often the watchdog looks for overdue requests and answers, and for bundles past their retention (read by
     * the scheduler from the same key).
     */
    Duration watchdogEvery();

    /**
     * How long the data of a disclosure's bundle is kept after the request completed. Then it is removed: the
     * subject has had the time to download it, and the company keeps no second copy of everything it holds.
     */
    Duration bundleRetention();

    /** The calendar the request register's dates are read in. */
    ZoneId zone();

    Refusal refusal();

    /**
     * When the service suggests a refusal, holding a request for a privacy officer instead of carrying it out. The
     * suggestion is advice: only an officer refuses, and an officer can let the request go ahead.
     */
    interface Refusal {
        /** The same request by the same subject within this time (and not refused or cancelled) is a repeat. */
        Duration repeatWindow();

        /** The window in which the subject's requests are counted for the burden estimate. */
        Duration burdenWindow();

        /** A subject with this many other requests in the burden window is suggested for review. */
        int maxRequestsInWindow();

        /**
         * A request whose systems last reported more items than this about the subject (the most recent completed
         * request's total) is suggested for review: most of all a disclosure, whose bundle must then be checked.
         */
        long maxItemsHeld();
    }
}
