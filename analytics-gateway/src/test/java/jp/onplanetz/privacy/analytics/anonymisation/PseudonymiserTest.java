package jp.onplanetz.privacy.analytics.anonymisation;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymiserTest {

    static PseudonymKey key(int version, int firstByte) {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (firstByte + i);
        }
        return new PseudonymKey(version, secret);
    }

    private final PseudonymKey key1 = key(1, 0);
    private final Pseudonymiser pseudonymiser = new Pseudonymiser(KeyRing.of(key1));

    @Test
    void thePseudonymIsTheTruncatedHmacOfTheKindAndIdentifierBehindTheContext() {
        // python3: hmac.new(bytes(range(32)), b"privacy-ops pseudonym\0" + kind + b"\0" + id, sha256),
        // first 16 bytes, base64url without padding
        assertThat(pseudonymiser.pseudonymise(IdentifierKind.SUBJECT, "alice")).isEqualTo("p1:io0fNIKAKthIlTpHiWNlEg");
        assertThat(pseudonymiser.pseudonymise(IdentifierKind.COOKIE, "alice")).isEqualTo("p1:azIZaexUKFD9QqNjj95jjQ");
        assertThat(pseudonymiser.pseudonymise(IdentifierKind.TERMINAL, "端末-7"))
                .isEqualTo("p1:ldGzt_Q-9dJZ9lb9Jhz1lQ");
    }

    @Test
    void aThreadsKeyedMacIsReusedWithoutCarryingStateFromOneCallOrKeyToTheNext() throws Exception {
        KeyRing rotated = KeyRing.of(key1).rotateTo(key(2, 100));
        Pseudonymiser both = new Pseudonymiser(rotated);
        String underKey2 = new Pseudonymiser(KeyRing.of(key(2, 100))).pseudonymise(IdentifierKind.SUBJECT, "alice");

        for (int round = 0; round < 3; round++) {
            assertThat(both.pseudonymise(1, IdentifierKind.SUBJECT, "alice")).isEqualTo("p1:io0fNIKAKthIlTpHiWNlEg");
            assertThat(both.pseudonymise(IdentifierKind.SUBJECT, "alice")).isEqualTo(underKey2);
            // a refused identifier is refused before the Mac sees any of it
            assertThatThrownBy(() -> both.pseudonymise(1, IdentifierKind.COOKIE, "\uD800"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(both.pseudonymise(1, IdentifierKind.COOKIE, "alice")).isEqualTo("p1:azIZaexUKFD9QqNjj95jjQ");
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                results.add(pool.submit(() -> both.pseudonymise(1, IdentifierKind.TERMINAL, "端末-7")));
            }
            for (var result : results) {
                assertThat(result.get()).isEqualTo("p1:ldGzt_Q-9dJZ9lb9Jhz1lQ");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameInputGivesTheSamePseudonymAndTheFormatIsVersionColonTwentyTwoBase64UrlCharacters() {
        String first = pseudonymiser.pseudonymise(IdentifierKind.SUBJECT, "subject-42");

        assertThat(pseudonymiser.pseudonymise(IdentifierKind.SUBJECT, "subject-42")).isEqualTo(first);
        assertThat(first).matches("p1:[A-Za-z0-9_-]{22}").doesNotContain("subject-42");
    }

    @Test
    void equalIdentifiersOfDifferentKindsGetDifferentPseudonyms() {
        Set<String> pseudonyms = new HashSet<>();
        for (IdentifierKind kind : IdentifierKind.values()) {
            pseudonyms.add(pseudonymiser.pseudonymise(kind, "0123456789"));
        }
        assertThat(pseudonyms).hasSize(IdentifierKind.values().length);
    }

    @Test
    void differentIdentifiersGetDifferentPseudonyms() {
        Set<String> pseudonyms = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            pseudonyms.add(pseudonymiser.pseudonymise(IdentifierKind.COOKIE, "cookie-" + i));
        }
        assertThat(pseudonyms).hasSize(10_000);
    }

    @Test
    void theIdentifierIsTakenExactlyAsGiven() {
        assertThat(pseudonymiser.pseudonymise(IdentifierKind.TERMINAL, "ABC"))
                .isNotEqualTo(pseudonymiser.pseudonymise(IdentifierKind.TERMINAL, "abc"))
                .isNotEqualTo(pseudonymiser.pseudonymise(IdentifierKind.TERMINAL, "ABC "));
    }

    @Test
    void aDifferentKeyGivesAnUnrelatedPseudonymUnderItsOwnVersion() {
        Pseudonymiser other = new Pseudonymiser(KeyRing.of(key(2, 100)));

        String underKey2 = other.pseudonymise(IdentifierKind.SUBJECT, "alice");
        assertThat(underKey2).startsWith("p2:");
        assertThat(underKey2.substring(3))
                .isNotEqualTo(pseudonymiser.pseudonymise(IdentifierKind.SUBJECT, "alice").substring(3));
    }

    @Test
    void afterRotationNewPseudonymsUseTheNewKeyAndOldOnesCanStillBeComputedForLookups() {
        String before = pseudonymiser.pseudonymise(IdentifierKind.SUBJECT, "alice");
        Pseudonymiser rotated = new Pseudonymiser(KeyRing.of(key1).rotateTo(key(2, 100)));

        assertThat(rotated.pseudonymise(IdentifierKind.SUBJECT, "alice")).startsWith("p2:").isNotEqualTo(before);
        assertThat(rotated.pseudonymise(1, IdentifierKind.SUBJECT, "alice")).isEqualTo(before);
        assertThat(rotated.pseudonymsUnderEveryKey(IdentifierKind.SUBJECT, "alice"))
                .containsExactly(Map.entry(1, before),
                        Map.entry(2, rotated.pseudonymise(IdentifierKind.SUBJECT, "alice")));
    }

    @Test
    void aDroppedKeyCanNoLongerBeUsed() {
        KeyRing ring = KeyRing.of(key1).rotateTo(key(2, 100)).withoutKey(1);
        Pseudonymiser rotated = new Pseudonymiser(ring);

        assertThatThrownBy(() -> rotated.pseudonymise(1, IdentifierKind.SUBJECT, "alice"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 1");
        assertThat(rotated.pseudonymsUnderEveryKey(IdentifierKind.SUBJECT, "alice")).containsOnlyKeys(2);
    }

    @Test
    void theKeyVersionIsReadBackFromAPseudonym() {
        assertThat(Pseudonymiser.keyVersionOf(pseudonymiser.pseudonymise(IdentifierKind.SUBJECT, "x"))).hasValue(1);
        assertThat(Pseudonymiser.keyVersionOf("p12:" + "A".repeat(22))).hasValue(12);
        for (String notAPseudonym : List.of("alice", "p0:" + "A".repeat(22), "p1:" + "A".repeat(21),
                "p1:" + "A".repeat(21) + "=", "P1:" + "A".repeat(22), "")) {
            assertThat(Pseudonymiser.keyVersionOf(notAPseudonym)).as(notAPseudonym).isEmpty();
        }
        assertThat(Pseudonymiser.keyVersionOf(null)).isEmpty();
    }

    @Test
    void emptyAndMalformedIdentifiersAreRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> pseudonymiser.pseudonymise(IdentifierKind.SUBJECT, ""))
                .isInstanceOf(IllegalArgumentException.class);
        // a lone surrogate would otherwise be encoded as '?' and share a pseudonym with "a?b"
        assertThatThrownBy(() -> pseudonymiser.pseudonymise(IdentifierKind.SUBJECT, "a\uD800b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("a\uD800b");
        assertThatThrownBy(() -> pseudonymiser.pseudonymise(IdentifierKind.SUBJECT, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void keysShorterThan32BytesAreRefused() {
        assertThatThrownBy(() -> new PseudonymKey(1, new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32");
        assertThat(new PseudonymKey(1, new byte[32]).version()).isEqualTo(1);
        assertThat(new PseudonymKey(1, new byte[64]).secret()).hasSize(64);
    }

    @Test
    void keyVersionsMustBePositive() {
        assertThatThrownBy(() -> new PseudonymKey(0, new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PseudonymKey(-1, new byte[32])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyCopiesItsSecretAndNeverPrintsIt() {
        byte[] secret = new byte[32];
        PseudonymKey key = new PseudonymKey(3, secret);
        secret[0] = 1;

        assertThat(key.secret()[0]).isZero();
        key.secret()[1] = 1;
        assertThat(key.secret()[1]).isZero();
        assertThat(key).hasToString("PseudonymKey[version=3, secret=(32 bytes, hidden)]");
        assertThat(key).isEqualTo(new PseudonymKey(3, new byte[32])).isNotEqualTo(new PseudonymKey(3, secret));
    }
}
