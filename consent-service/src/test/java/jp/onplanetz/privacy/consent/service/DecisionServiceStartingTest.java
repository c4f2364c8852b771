package jp.onplanetz.privacy.consent.service;

import jp.onplanetz.privacy.consent.decision.ConsentProjection;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An instance that is still loading its projection (just started, or restarted after a crash) cannot decide: it
 * answers 503, which a caller retries, never a DENY, which a caller takes as final.
 */
class DecisionServiceStartingTest {

    @Test
    void aDecisionAskedBeforeTheProjectionIsLoadedIsUnavailableNotADenial() {
        DecisionService decisions = new DecisionService(new ConsentProjection(), null, null, null);
        var question = new DecisionService.Question(UUID.randomUUID().toString(), "anonymised-statistics",
                List.of("profile.birth-year"), "acme-ads");

        assertThatThrownBy(() -> decisions.check(question)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(503));
        assertThatThrownBy(() -> decisions.use(question, "analytics-gateway")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(503));
    }
}
