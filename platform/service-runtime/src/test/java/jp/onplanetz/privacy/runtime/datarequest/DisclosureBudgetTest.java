package jp.onplanetz.privacy.runtime.datarequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DisclosureBudgetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void itemsFitWithTheirCommaAndTheRestOfTheDocumentSetAside() {
        Map<String, Object> item = Map.of("a", "bc"); // {"a":"bc"}: 10 bytes, 11 with its comma
        DisclosureBudget exact = new DisclosureBudget(JSON, 22);
        assertThat(exact.take(item)).isTrue();
        assertThat(exact.take(item)).isTrue();
        assertThat(exact.take(item)).isFalse();

        DisclosureBudget reserved = new DisclosureBudget(JSON, 22).reserve(Map.of("x", 1)); // {"x":1}: 7 bytes
        assertThat(reserved.take(item)).isTrue();
        assertThat(reserved.take(item)).isFalse();
    }

    @Test
    void bytesAreCountedInUtf8() {
        // {"a":"東京"}: 8 ASCII bytes and two three-byte characters, 14 bytes, 15 with the comma
        assertThat(new DisclosureBudget(JSON, 15).take(Map.of("a", "東京"))).isTrue();
        assertThat(new DisclosureBudget(JSON, 14).take(Map.of("a", "東京"))).isFalse();
    }

    @Test
    void onceAnItemDoesNotFitNoLaterOneDoesSoTheListHasNoGap() {
        DisclosureBudget budget = new DisclosureBudget(JSON, 30);
        assertThat(budget.take(Map.of("big", "x".repeat(40)))).isFalse();
        assertThat(budget.take(Map.of("a", 1))).as("small enough, but after a gap").isFalse();
    }
}
