package jp.onplanetz.privacy.analytics.anonymisation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static jp.onplanetz.privacy.analytics.anonymisation.PseudonymiserTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyRingTest {

    @Test
    void rotationMakesTheNewKeyCurrentAndKeepsTheOldOnes() {
        KeyRing ring = KeyRing.of(key(1, 0)).rotateTo(key(2, 50)).rotateTo(key(3, 100));

        assertThat(ring.current().version()).isEqualTo(3);
        assertThat(ring.keys()).extracting(PseudonymKey::version).containsExactly(1, 2, 3);
        assertThat(ring.key(1)).contains(key(1, 0));
        assertThat(ring.key(4)).isEmpty();
    }

    @Test
    void aVersionCannotBeReusedForAnotherSecret() {
        KeyRing ring = KeyRing.of(key(1, 0));

        assertThatThrownBy(() -> ring.rotateTo(key(1, 99))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyRing(key(2, 0), List.of(key(1, 0), key(1, 5))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyRing(key(2, 0), List.of(key(2, 5))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyARetiredKeyInTheRingCanBeDropped() {
        KeyRing ring = KeyRing.of(key(1, 0)).rotateTo(key(2, 50)).rotateTo(key(3, 100));

        KeyRing dropped = ring.withoutKey(2);
        assertThat(dropped.keys()).extracting(PseudonymKey::version).containsExactly(1, 3);
        assertThat(dropped.current().version()).isEqualTo(3);
        assertThatThrownBy(() -> ring.withoutKey(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current");
        assertThatThrownBy(() -> ring.withoutKey(7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRingPrintsVersionsOnly() {
        assertThat(KeyRing.of(key(1, 0)).rotateTo(key(2, 9))).hasToString("KeyRing[current=2, versions=[1, 2]]");
    }
}
