package jp.onplanetz.privacy.benchmarks.consent;

import jp.onplanetz.privacy.benchmarks.consent.ConsentDecisionBenchmark.CpuSplit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decision benchmark's placement of consent-service and of everything else on the machine's cores. */
class CpuSplitTest {

    @Test
    void theServiceGetsItsCoresAndEverythingElseTheRest() {
        assertThat(CpuSplit.of("1", 2)).isEqualTo(new CpuSplit("1", "0"));
        assertThat(CpuSplit.of(" 3, 1", 4)).isEqualTo(new CpuSplit("1,3", "0,2"));
        assertThat(CpuSplit.of(" 3, 1", 4).cores()).isEqualTo(4);
    }

    @Test
    void aSplitThatLeavesNothingToTheRestOrNamesNoSuchCoreIsRefused() {
        assertThatThrownBy(() -> CpuSplit.of("0,1", 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must leave some of cores 0-1");
        assertThatThrownBy(() -> CpuSplit.of("2", 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuSplit.of("one", 2)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void theResultsSayWhereThingsRan() {
        assertThat(CpuSplit.describe(null)).contains("share every core");
        assertThat(CpuSplit.describe(new CpuSplit("1", "0"))).contains("consent-service alone on core(s) 1")
                .contains("load generator").contains("core(s) 0");
    }
}
