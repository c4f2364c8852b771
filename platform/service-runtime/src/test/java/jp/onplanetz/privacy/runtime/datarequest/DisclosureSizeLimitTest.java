package jp.onplanetz.privacy.runtime.datarequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DisclosureSizeLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void itemsFitWithTheirCommaAndTheRestOfTheDocumentSetAside() {
        Map<String, Object> item = Map.of("a", "bc"); // {"a":"bc"}: 10 bytes, 11 with its comma
        DisclosureSizeLimit exact = new DisclosureSizeLimit(JSON, 22);
        assertThat(exact.take(item)).isTrue();
        assertThat(exact.take(item)).isTrue();
        assertThat(exact.take(item)).isFalse();

        DisclosureSizeLimit reserved = new DisclosureSizeLimit(JSON, 22).reserve(Map.of("x", 1)); // {"x":1}: 7 bytes
        assertThat(reserved.take(item)).isTrue();
        assertThat(reserved.take(item)).isFalse();
    }

    @Test
    void bytesAreCountedInUtf8() {
        // {"a":"東京"}: 8 ASCII bytes and two three-byte characters, 14 bytes, 15 with the comma
        assertThat(new DisclosureSizeLimit(JSON, 15).take(Map.of("a", "東京"))).isTrue();
        assertThat(new DisclosureSizeLimit(JSON, 14).take(Map.of("a", "東京"))).isFalse();
    }

    @Test
    void onceAnItemDoesNotFitNoLaterOneDoesSoTheListHasNoGap() {
        DisclosureSizeLimit limit = new DisclosureSizeLimit(JSON, 30);
        assertThat(limit.take(Map.of("big", "x".repeat(40)))).isFalse();
        assertThat(limit.take(Map.of("a", 1))).as("small enough, but after a gap").isFalse();
    }
}
