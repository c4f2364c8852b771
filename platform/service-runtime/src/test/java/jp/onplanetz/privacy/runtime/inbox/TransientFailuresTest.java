package jp.onplanetz.privacy.runtime.inbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the database's availability is worth waiting for; every other failure is dead-lettered at once. */
class TransientFailuresTest {

    @ParameterizedTest(name = "SQLSTATE {0}: permanent {1}")
    @CsvSource({
            "08006, false", "08001, false", "57P01, false", "57P03, false", "53300, false", "40001, false", "40P01, false",
            "23505, true", "22001, true", "42P01, true", "P0001, true", "25P02, true"})
    void aDatabaseFailureIsRetriedOnlyWhenItIsAboutAvailability(String state, boolean permanent) {
        Exception wrapped = new IllegalStateException("could not apply", new SQLException("refused", state));
        assertThat(RetryTransientFailuresInterceptor.isPermanent(wrapped)).isEqualTo(permanent);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"connect", "transient", "no-state"})
    void connectionTroubleIsRetried(String kind) {
        Exception failure = switch (kind) {
            case "connect" -> new RuntimeException(new ConnectException("Connection refused"));
            case "transient" -> new RuntimeException(new SQLTransientConnectionException("pool"));
            default -> new RuntimeException(new SQLException("Acquisition timeout"));
        };
        assertThat(RetryTransientFailuresInterceptor.isPermanent(failure)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"poison", "rule", "poison-over-connection"})
    void aPoisonEventOrAServiceRuleIsPermanent(String kind) {
        Exception failure = switch (kind) {
            case "poison" -> new PoisonEventException("no subject");
            case "rule" -> new IllegalArgumentException("unknown recipient");
            default -> (Exception) new PoisonEventException("bad").initCause(new SQLException("down", "08006"));
        };
        assertThat(RetryTransientFailuresInterceptor.isPermanent(failure)).isTrue();
    }
}
