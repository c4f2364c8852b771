package jp.onplanetz.privacy.disclosurelog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.ZoneId;

@ConfigMapping(prefix = "privacyops.disclosure-log")
public interface DisclosureLogConfig {

    /**
     * The calendar the register's dates (agreements, supervision checks, days of provision, retention) are kept
     * in, and so what "today" is when a date is refused as being in the future. Not the server's zone: a
     * container in UTC would refuse a check recorded on a Tokyo morning as dated tomorrow.
     */
    @WithDefault("Asia/Tokyo")
    ZoneId zone();

    Ledger ledger();

    /** How often records whose consent is unchecked are checked against consent-service (read by the scheduler). */
    @WithDefault("5s")
    String basisCheckEvery();

    /** When expired records are redacted (a Quartz-style cron, read by the scheduler): nightly by default. */
    @WithDefault("0 15 3 * * ?")
    String redactionCron();

    Retention retention();

    interface Ledger {
        /**
         * How many logs records are spread over (by data subject). Each log's appends queue on its own head, so
         * more logs mean more appends at once. May be raised later: a subject's older records stay where they
         * are, and nothing reads a subject's records by log.
         */
        @WithDefault("16")
        int logs();

        /** The checkpoint origin of log {@code n} is this prefix, a slash and the log's id. */
        @WithDefault("onplanetz.jp/privacy-ops/disclosure-log")
        String originPrefix();

        /** The Ed25519 key that signs checkpoints (a PEM file: PKCS#8 private key and its public key). */
        @WithDefault("/etc/privacy-ops/disclosure-log/checkpoint-key.pem")
        Path checkpointKeyLocation();

        /** Local runs and tests only: create the key when the file is missing. */
        @WithDefault("false")
        boolean generateKeyIfMissing();

        /** The key's name in signed notes: readers match signatures to keys by it. */
        @WithDefault("onplanetz.jp/privacy-ops/disclosure-log")
        String keyName();

        /** How often grown logs get a new signed checkpoint (read by the scheduler): the longest wait for a proof. */
        @WithDefault("10s")
        String checkpointEvery();

        /** At most this many records in one batch append. */
        @WithDefault("1000")
        int maxBatch();

        GroupCommit groupCommit();
    }

    /** Single-record appends committed together (see the service's GroupCommit). */
    interface GroupCommit {
        /**
         * Threads that commit groups, so at most this many single-record transactions at once. 0 turns grouping
         * off: each record in its own transaction on its request's thread.
         */
        @WithDefault("4")
        int committers();

        /** At most this many records in one group. */
        @WithDefault("100")
        int maxRecords();
    }

    interface Retention {
        /** Years a record is kept after its last day of provision (APPI Enforcement Rules Art. 21). */
        @WithDefault("3")
        int years();

        /** Years where a contract with the subject stands in for the record (Rules Art. 21(i)). */
        @WithDefault("1")
        int contractYears();
    }
}
