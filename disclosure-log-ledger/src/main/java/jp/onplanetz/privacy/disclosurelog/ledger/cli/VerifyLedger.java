package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointVerifier;
import jp.onplanetz.privacy.disclosurelog.ledger.LogAudit;
import jp.onplanetz.privacy.disclosurelog.ledger.audit.LedgerDatabase;
import jp.onplanetz.privacy.disclosurelog.ledger.audit.LedgerDatabase.StoredCheckpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The command-line verifier, for an auditor who trusts neither the service nor its database's checkpoint table:
 * reads the ledger's tables directly and checks every log with the same code as the service's endpoint
 * ({@link LedgerDatabase}), against the signed checkpoints from the table or, better, from the Kafka topic, where
 * a deleted or replaced checkpoint row shows. See {@link Options} for the command line (or run it with {@code --help}) and
 * {@code scripts/verify-disclosure-log.sh} for running it.
 * <p>
 * Reads only: each log in a read-only snapshot of its own, so the service may go on appending meanwhile.
 */
public final class VerifyLedger {

    private final ObjectMapper json = new ObjectMapper();

    public static void main(String[] args) {
        System.exit(new VerifyLedger().run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs the verifier without exiting: what {@link #main} does, for a caller in the same JVM (a test).
     *
     * @return the exit status: 0 intact, 1 broken, 2 usage or connection error
     */
    public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (Options.UsageException e) {
            err.println(Options.COMMAND + ": " + e.getMessage());
            err.println();
            err.print(Options.usage());
            return VerificationSummary.ERROR;
        }
        if (options.help()) {
            out.print(Options.usage());
            return VerificationSummary.INTACT;
        }
        try {
            VerificationSummary summary = verify(options);
            if (options.json()) {
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(summary.json(json)));
            } else {
                out.print(summary.human());
            }
            out.flush();
            return summary.exitCode();
        } catch (CannotVerify e) {
            err.println(Options.COMMAND + ": " + e.getMessage());
            return VerificationSummary.ERROR;
        } catch (IOException e) {
            err.println("verify-disclosure-log: could not write the output: " + e.getMessage());
            return VerificationSummary.ERROR;
        } catch (RuntimeException e) {
            // Left to the JVM, an unexpected failure would exit with 1, which says "broken": it says nothing yet.
            err.println("verify-disclosure-log: failed before it could tell: " + e);
            e.printStackTrace(err);
            return VerificationSummary.ERROR;
        }
    }

    /** Something stopped the run before it could say whether the ledger is intact: exit status 2, not 1. */
    private static final class CannotVerify extends Exception {
        CannotVerify(String message, Throwable cause) {
            super(cause == null || cause.getMessage() == null ? message : message + ": " + cause.getMessage(), cause);
        }
    }

    private VerificationSummary verify(Options options) throws CannotVerify {
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        CheckpointVerifier verifier = verifier(options);

        // The topic first: everything on it was in the database before it was published (the outbox), so a
        // snapshot taken afterwards must hold all of it.
        CheckpointTopic.Contents topic = null;
        String checkpointsFrom = "the database's table ledger_checkpoint";
        if (options.checkpoints() == Options.CheckpointSource.KAFKA) {
            Map<String, String> clientSettings;
            try {
                clientSettings = KafkaClientSettings.read(options.kafkaConfig(), options.kafkaJaasConfig());
            } catch (IOException | IllegalArgumentException e) {
                throw new CannotVerify("could not use the Kafka client settings of --kafka-config "
                        + options.kafkaConfig(), e);
            }
            try {
                topic = CheckpointTopic.read(options.bootstrapServers(), clientSettings, options.topic(),
                        options.kafkaTimeout(), json);
            } catch (RuntimeException e) {
                throw new CannotVerify("could not read the checkpoints from " + options.topic() + " at "
                        + options.bootstrapServers(), e);
            }
            checkpointsFrom = "the topic " + options.topic() + " at " + options.bootstrapServers() + " ("
                    + topic.records() + " records), compared with the table ledger_checkpoint";
        }

        List<VerificationSummary.LogOutcome> outcomes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(options.jdbcUrl(), connectionProperties(options))) {
            c.setAutoCommit(false);
            LedgerDatabase ledger = new LedgerDatabase(c);
            Map<String, String> logs = ledger.logs();
            c.rollback();
            for (Map.Entry<String, String> log : logs.entrySet()) {
                String logId = log.getKey();
                ledger.beginConsistentRead();
                List<StoredCheckpoint> table = ledger.checkpoints(logId);
                VerificationSummary.LogOutcome outcome;
                if (topic == null) {
                    outcome = new VerificationSummary.LogOutcome(log.getValue(),
                            ledger.audit(logId, log.getValue(), table, verifier), List.of(), 0);
                } else {
                    List<CheckpointTopic.Copy> copies = topic.byLog().getOrDefault(logId, List.of());
                    LogAudit.Result result = ledger.audit(logId, log.getValue(), CheckpointCopies.union(copies, table),
                            verifier);
                    outcome = new VerificationSummary.LogOutcome(log.getValue(), result,
                            CheckpointCopies.compare(logId, copies, table), CheckpointCopies.onlyInTable(copies, table));
                }
                c.rollback();
                outcomes.add(outcome);
            }
            if (topic != null) {
                findings.addAll(CheckpointCopies.logsMissing(topic.byLog(), logs.keySet()));
                findings.addAll(topic.unreadable());
            }
        } catch (SQLException e) {
            throw new CannotVerify("could not read the ledger at " + options.jdbcUrl(), e);
        }
        String keyFrom = options.key() != null ? "pinned with --key"
                : "fetched from " + options.keyUrl() + " (compare it with the key you hold)";
        return new VerificationSummary(options.checkpoints(), checkpointsFrom, verifier.verifierKey(), keyFrom,
                outcomes, findings, startedAt, Duration.ofNanos(System.nanoTime() - t0));
    }

    private CheckpointVerifier verifier(Options options) throws CannotVerify {
        if (options.key() != null) {
            try {
                return CheckpointVerifier.ofVerifierKey(options.key());
            } catch (IllegalArgumentException e) {
                throw new CannotVerify("--key is not a usable verifier key", e);
            }
        }
        try {
            return PublishedKey.fetch(options.keyUrl(), json);
        } catch (IOException | IllegalArgumentException e) {
            throw new CannotVerify("could not get the checkpoint key from " + options.keyUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CannotVerify("interrupted while getting the checkpoint key", e);
        }
    }

    private static Properties connectionProperties(Options options) throws CannotVerify {
        Properties props = new Properties();
        props.setProperty("user", options.user());
        String password = options.password();
        if (options.passwordFile() != null) {
            try {
                // The file's last line break is not part of the password; any other character is.
                password = Files.readString(options.passwordFile(), StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
            } catch (IOException e) {
                throw new CannotVerify("could not read --password-file " + options.passwordFile(), e);
            }
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "disclosure-log-verifier");
        return props;
    }
}
