package jp.onplanetz.privacy.analytics.config;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.time.Duration;

/**
 * analytics-gateway's own settings. Their defaults are in application.properties, the one place an operator reads
 * them next to Quarkus' own; the README's Settings table lists them, checked against this interface.
 */
@ConfigMapping(prefix = "privacyops.analytics")
public interface AnalyticsConfig {

    Ingest ingest();

    Door door();

    PseudonymKeys pseudonymKeys();

    Releases releases();

    interface Releases {
        /** Each recipient's privacy budget per calendar month (UTC): the sum of the epsilons of its releases. */
        java.math.BigDecimal monthlyBudget();

        /** The shortest window a definition may have: short windows mean few people per cell and many releases. */
        Duration minWindow();

        /** The longest: events older than the ingest's maximum age never arrive, so a longer window would be cut. */
        Duration maxWindow();

        /**
         * How long after a window's end its release waits, so that late events and the counting on Kafka catch up
         * before the totals are read.
         */
        Duration releaseDelay();

        /** How often due windows are looked for. */
        Duration checkEvery();

        /** How often each replica re-reads the definitions for the counting. */
        Duration definitionsRefresh();
    }

    DataRequests dataRequests();

    UsageEvents usageEvents();

    interface UsageEvents {
        /**
         * How long a stored event is kept: a day of occurred_at (UTC) is dropped once all of it is older than this.
         * At least the longest release window plus the release delay (until then an event may still be counted
         * into a release) and at least the ingest's max-age (an event still accepted must have its day).
         */
        Duration retention();

        /** How often the days ahead are made and the days past retention dropped (once at startup as well). */
        Duration maintenanceEvery();
    }

    interface Ingest {
        /**
         * The consent purpose that covers analysing usage: consent-service's {@code anonymised-statistics}, whose
         * categories are exactly what an event carries (usage log, IP, cookie and terminal ids, profile attributes).
         */
        String purpose();

        /** How far in the future an event's time may be: the sender's clock may run a little ahead of ours. */
        Duration maxClockSkew();

        /** How old an event may be: older ones are a replay or a broken clock, and the windows they fall in are closed. */
        Duration maxAge();

        /** At most this many events in one HTTP batch. */
        int maxBatch();
    }

    /** The Kafka door: a consumer of the usage topic whose offsets are kept with the rows in PostgreSQL. */
    interface Door {
        /** The topic of the usage events (deploy derives the door's ACLs from this and the group). */
        String topic();

        /** The door's consumer group: the replicas share the topic's partitions within it. */
        String groupId();

        /**
         * At most this many records in one batch, stored in one transaction: larger batches cost fewer round trips
         * and commits per event, smaller ones less time to redo after a failure.
         */
        int maxBatch();

        /** How long one poll waits for records when the topic is idle. */
        Duration pollTimeout();

        /** The first wait before a batch that failed on the database or the broker is tried again. */
        Duration retryBackoff();

        /** The wait doubles on each failure up to this, and the same batch is retried until it goes through. */
        Duration retryBackoffMax();
    }

    interface PseudonymKeys {
        /**
         * The file of HMAC secrets, one {@code <version>:<base64 secret>} a line; the highest version is current.
         * Outside the database on purpose: whoever holds the events and the key can test a guessed id.
         */
        Path location();

        /** Local runs and tests only: create a file with one fresh key when it is missing. */
        boolean generateIfMissing();
    }

    interface DataRequests {
        /**
         * A disclosure lists at most this many of the subject's events (the most recent), and no more than fit in
         * privacyops.data-requests.disclosure-max-bytes, whichever limit comes first.
         */
        int disclosureMaxEvents();
    }
}
