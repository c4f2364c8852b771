package jp.onplanetz.privacy.disclosurelog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * disclosure-log-service's own settings. Their defaults are in application.properties, the one place an operator reads
 * them next to Quarkus' own; the README's Settings table lists them, checked against this interface.
 */
@ConfigMapping(prefix = "privacyops.disclosure-log")
public interface DisclosureLogConfig {

    /**
     * The calendar the register's dates (agreements, supervision checks, days of provision, retention) are kept
     * in, and so what "today" is when a date is refused as being in the future. Not the server's zone: a
     * container in UTC would refuse a check recorded on a Tokyo morning as dated tomorrow.
     */
    ZoneId zone();

    Ledger ledger();

    /** How often records whose consent is unchecked are checked against consent-service (read by the scheduler). */
    Duration basisCheckEvery();

    /** When expired records are redacted (a Quartz-style cron, read by the scheduler): nightly by default. */
    String redactionCron();

    Retention retention();

    interface Ledger {
        /**
         * How many logs records are spread over (by data subject). Each log's appends queue on its own head, so
         * more logs mean more appends at once. May be raised later: a subject's older records stay where they
         * are, and nothing reads a subject's records by log.
         */
        int logs();

        /** The checkpoint origin of log {@code n} is this prefix, a slash and the log's id. */
        String originPrefix();

        /** The Ed25519 key that signs checkpoints (a PEM file: PKCS#8 private key and its public key). */
        Path checkpointKeyLocation();

        /** Local runs and tests only: create the key when the file is missing. */
        boolean generateKeyIfMissing();

        /** The key's name in signed notes: readers match signatures to keys by it. */
        String keyName();

        /** How often grown logs get a new signed checkpoint (read by the scheduler): the longest wait for a proof. */
        Duration checkpointEvery();

        /** At most this many records in one batch append. */
        int maxBatch();

        GroupCommit groupCommit();
    }

    /** Single-record appends committed together (see the service's GroupCommit). */
    interface GroupCommit {
        /**
         * Threads that commit groups, so at most this many single-record transactions at once. 0 turns grouping
         * off: each record in its own transaction on its request's thread.
         */
        int committers();

        /** At most this many records in one group. */
        int maxRecords();
    }

    interface Retention {
        /** Years a record is kept after its last day of provision (APPI Enforcement Rules Art. 21). */
        int years();

        /** Years where a contract with the subject stands in for the record (Rules Art. 21(i)). */
        int contractYears();
    }
}
