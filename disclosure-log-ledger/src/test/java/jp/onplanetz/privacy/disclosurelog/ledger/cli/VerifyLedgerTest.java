package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointSigner;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exit status before any ledger is read: 2 whenever the verifier cannot say whether the ledger is intact.
 * (Against a real ledger: disclosure-log-service's VerifyLedgerCliTest.)
 */
class VerifyLedgerTest {

    /** Nothing listens on port 1: a refused connection, at once. */
    private static final String NO_DATABASE = "jdbc:postgresql://127.0.0.1:1/disclosure_log?connectTimeout=5";
    private static final String KEY = CheckpointSigner.generate("onplanetz.jp/privacy-ops/disclosure-log").verifier()
            .verifierKey();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new VerifyLedger().run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWrongCommandLineExitsTwoWithTheReasonAndTheUsage() {
        assertThat(run("--jdbc-url", NO_DATABASE, "--user", "auditor")).isEqualTo(2);
        assertThat(err()).startsWith("verify-disclosure-log: give the checkpoint key").contains("usage: verify-disclosure-log");
        assertThat(out()).isEmpty();
    }

    @Test
    void helpExitsZeroWithTheUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out()).startsWith("usage: verify-disclosure-log").contains("Exit status: 0");
    }

    @Test
    void aDatabaseThatCannotBeReachedExitsTwoNotOne() {
        assertThat(run("--jdbc-url", NO_DATABASE, "--user", "auditor", "--key", KEY)).isEqualTo(2);
        assertThat(err()).contains("could not read the ledger at " + NO_DATABASE);
        assertThat(out()).isEmpty();
    }

    @Test
    void aKeyThatCannotBeHadExitsTwo() {
        assertThat(run("--jdbc-url", NO_DATABASE, "--user", "auditor", "--key", "name+00000000+AAAA")).isEqualTo(2);
        assertThat(err()).contains("--key is not a usable verifier key");

        err.reset();
        assertThat(run("--jdbc-url", NO_DATABASE, "--user", "auditor", "--key-url", "http://127.0.0.1:1/api/v1/ledger/key"))
                .isEqualTo(2);
        assertThat(err()).contains("could not get the checkpoint key from http://127.0.0.1:1/api/v1/ledger/key");
    }

    @Test
    void aPasswordFileThatCannotBeReadExitsTwo() {
        assertThat(run("--jdbc-url", NO_DATABASE, "--user", "auditor", "--key", KEY, "--password-file",
                "/nonexistent/pg-password")).isEqualTo(2);
        assertThat(err()).contains("could not read --password-file /nonexistent/pg-password");
    }
}
