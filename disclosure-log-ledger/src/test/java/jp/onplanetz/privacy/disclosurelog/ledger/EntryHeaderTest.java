package jp.onplanetz.privacy.disclosurelog.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntryHeaderTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String LOG_ID = "shard-03";
    private static final UUID RECORD_ID = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static final String PAYLOAD = "{\"kind\":\"provision\",\"subject\":{\"id\":\"s-1\"}}";
    /** python3 -c 'import hashlib; print(hashlib.sha256(PAYLOAD.encode()).hexdigest())' */
    private static final String PAYLOAD_SHA256 = "12c5132ab869e0d3dd77486c0fa2a4bba5afd39e484083a990eb5883ab7143a4";
    /** Nanoseconds on purpose: the header keeps the microseconds PostgreSQL keeps, and drops the rest. */
    private static final Instant RECORDED_AT = Instant.parse("2025-04-01T09:00:00.123456789Z");
    private static final LocalDate RETAIN_UNTIL = LocalDate.parse("2028-04-01");

    private final EntryHeader header = new EntryHeader(LOG_ID, 42, RECORD_ID, "provision", RECORDED_AT, RETAIN_UNTIL,
            HEX.parseHex(PAYLOAD_SHA256));

    @Test
    void theLeafDataIsTheDocumentedText() {
        assertThat(new String(header.leafData(), StandardCharsets.UTF_8)).isEqualTo("""
                privacy-ops/disclosure-log/entry/v1
                shard-03
                42
                0f8fad5b-d9cb-469f-a165-70867728950e
                provision
                2025-04-01T09:00:00.123456Z
                2028-04-01
                12c5132ab869e0d3dd77486c0fa2a4bba5afd39e484083a990eb5883ab7143a4
                """);
    }

    @Test
    void theLeafHashIsPythonsForTheSameText() {
        // An independent known answer for the whole header (Python 3, hashlib):
        //   payload = '{"kind":"provision","subject":{"id":"s-1"}}'
        //   ph = hashlib.sha256(payload.encode()).hexdigest()
        //   text = ("privacy-ops/disclosure-log/entry/v1\nshard-03\n42\n0f8fad5b-d9cb-469f-a165-70867728950e\n"
        //           "provision\n2025-04-01T09:00:00.123456Z\n2028-04-01\n" + ph + "\n")
        //   print(hashlib.sha256(b"\x00" + text.encode()).hexdigest())
        assertThat(HEX.formatHex(EntryHeader.payloadSha256(PAYLOAD))).isEqualTo(PAYLOAD_SHA256);
        assertThat(HEX.formatHex(header.leafHash()))
                .isEqualTo("1acd54298cc794813e9bce111956ecc0013c6c6cff36be4f8f28a55e1ebec0cb");
    }

    @Test
    void theLeafHashIsTheSha256OfAZeroByteAndTheLeafData() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update((byte) 0x00);
        byte[] expected = sha256.digest(header.leafData());

        assertThat(header.leafHash()).isEqualTo(expected);
        assertThat(header.leafHash()).isEqualTo(MerkleTree.leafHash(header.leafData()));
    }

    @Test
    void whatVariesIsSpelledOneWay() {
        // Whole seconds keep their six zeros, the seq has no padding, the UUID is lower case however it was
        // parsed: one text per header, so a header rebuilt from the row's columns hashes as it was appended.
        EntryHeader other = new EntryHeader("shard-00", 0, UUID.fromString("0F8FAD5B-D9CB-469F-A165-70867728950E"),
                "receiving", Instant.parse("2030-12-31T23:59:59Z"), RETAIN_UNTIL, new byte[32]);

        assertThat(new String(other.leafData(), StandardCharsets.UTF_8)).isEqualTo("""
                privacy-ops/disclosure-log/entry/v1
                shard-00
                0
                0f8fad5b-d9cb-469f-a165-70867728950e
                receiving
                2030-12-31T23:59:59.000000Z
                2028-04-01
                0000000000000000000000000000000000000000000000000000000000000000
                """);
        assertThat(new String(new EntryHeader("x", Long.MAX_VALUE, RECORD_ID, "k", Instant.EPOCH.plusNanos(1_000), RETAIN_UNTIL,
                new byte[32]).leafData(), StandardCharsets.UTF_8))
                .contains("\n9223372036854775807\n").contains("\n1970-01-01T00:00:00.000001Z\n");
    }

    @Test
    void thePayloadHashIsTheSha256OfTheUtf8Text() throws Exception {
        // Not the platform charset: a record naming a recipient in Japanese must hash alike on every machine.
        String payload = "{\"counterparty\":\"株式会社オンプラネッツ\",\"note\":\"é\"}";

        assertThat(EntryHeader.payloadSha256(payload))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8)));
        assertThat(HEX.formatHex(EntryHeader.payloadSha256("")))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void theTimeIsKeptToTheMicrosecond() {
        // The appender hashes Instant.now() (nanoseconds on some platforms), the database keeps microseconds,
        // and the audit rebuilds the header from the database: the two must hash the same.
        EntryHeader fromMicros = new EntryHeader(LOG_ID, 42, RECORD_ID, "provision",
                Instant.parse("2025-04-01T09:00:00.123456Z"), RETAIN_UNTIL, HEX.parseHex(PAYLOAD_SHA256));

        assertThat(header.recordedAt()).isEqualTo(Instant.parse("2025-04-01T09:00:00.123456Z"));
        assertThat(fromMicros.leafHash()).isEqualTo(header.leafHash());
        assertThat(fromMicros.leafData()).isEqualTo(header.leafData());
    }

    @Test
    void truncationDropsNanosecondsBeforeTheEpochToo() {
        // Instant keeps a non-negative nano-of-second, so truncation goes towards the past: .999999999 before
        // the epoch is .999999, not .000000 of the next second.
        EntryHeader beforeEpoch = new EntryHeader(LOG_ID, 1, RECORD_ID, "provision",
                Instant.parse("1969-12-31T23:59:59.999999999Z"), RETAIN_UNTIL, new byte[32]);

        assertThat(beforeEpoch.recordedAt()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(new String(beforeEpoch.leafData(), StandardCharsets.UTF_8))
                .contains("\n1969-12-31T23:59:59.999999Z\n");
    }

    static Stream<Arguments> oneFieldChanged() {
        byte[] otherPayloadHash = HEX.parseHex(PAYLOAD_SHA256);
        otherPayloadHash[31] ^= 1;
        return Stream.of(
                Arguments.of("logId", new EntryHeader("shard-04", 42, RECORD_ID, "provision", RECORDED_AT, RETAIN_UNTIL,
                        HEX.parseHex(PAYLOAD_SHA256))),
                Arguments.of("seq", new EntryHeader(LOG_ID, 43, RECORD_ID, "provision", RECORDED_AT, RETAIN_UNTIL,
                        HEX.parseHex(PAYLOAD_SHA256))),
                Arguments.of("seq 0", new EntryHeader(LOG_ID, 0, RECORD_ID, "provision", RECORDED_AT, RETAIN_UNTIL,
                        HEX.parseHex(PAYLOAD_SHA256))),
                Arguments.of("recordId", new EntryHeader(LOG_ID, 42,
                        UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950f"), "provision", RECORDED_AT, RETAIN_UNTIL,
                        HEX.parseHex(PAYLOAD_SHA256))),
                Arguments.of("kind", new EntryHeader(LOG_ID, 42, RECORD_ID, "receiving", RECORDED_AT, RETAIN_UNTIL,
                        HEX.parseHex(PAYLOAD_SHA256))),
                Arguments.of("recordedAt, one microsecond later", new EntryHeader(LOG_ID, 42, RECORD_ID, "provision",
                        RECORDED_AT.plusNanos(1_000), RETAIN_UNTIL, HEX.parseHex(PAYLOAD_SHA256))),
                Arguments.of("recordedAt, one second earlier", new EntryHeader(LOG_ID, 42, RECORD_ID, "provision",
                        RECORDED_AT.minusSeconds(1), RETAIN_UNTIL, HEX.parseHex(PAYLOAD_SHA256))),
                Arguments.of("retainUntil, one day earlier", new EntryHeader(LOG_ID, 42, RECORD_ID, "provision",
                        RECORDED_AT, RETAIN_UNTIL.minusDays(1), HEX.parseHex(PAYLOAD_SHA256))),
                Arguments.of("payloadSha256, one bit", new EntryHeader(LOG_ID, 42, RECORD_ID, "provision",
                        RECORDED_AT, RETAIN_UNTIL, otherPayloadHash)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneFieldChanged")
    void everyFieldIsCoveredByTheLeafHash(String field, EntryHeader changed) {
        assertThat(changed.leafData()).isNotEqualTo(header.leafData());
        assertThat(changed.leafHash()).isNotEqualTo(header.leafHash());
    }

    @Test
    void lessThanAMicrosecondIsNotAChange() {
        EntryHeader sameMicrosecond = new EntryHeader(LOG_ID, 42, RECORD_ID, "provision",
                RECORDED_AT.minusNanos(789), RETAIN_UNTIL, HEX.parseHex(PAYLOAD_SHA256));

        assertThat(sameMicrosecond.leafHash()).isEqualTo(header.leafHash());
    }

    @Test
    void thePayloadHashIsCopiedInAndOut() {
        // A record component that is an array is the caller's array unless copied: changing it afterwards, or
        // changing what the accessor returned, would change what the header hashes.
        byte[] given = HEX.parseHex(PAYLOAD_SHA256);
        EntryHeader copied = new EntryHeader(LOG_ID, 42, RECORD_ID, "provision", RECORDED_AT, RETAIN_UNTIL, given);
        byte[] leafBefore = copied.leafHash();

        given[0] ^= 1;
        copied.payloadSha256()[0] ^= 1;

        assertThat(copied.payloadSha256()).isEqualTo(HEX.parseHex(PAYLOAD_SHA256)).isNotSameAs(copied.payloadSha256());
        assertThat(copied.leafHash()).isEqualTo(leafBefore);
    }

    @Test
    void aNegativeSeqIsRefused() {
        assertThatThrownBy(() -> new EntryHeader(LOG_ID, -1, RECORD_ID, "provision", RECORDED_AT, RETAIN_UNTIL, new byte[32]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new EntryHeader(LOG_ID, Long.MIN_VALUE, RECORD_ID, "provision", RECORDED_AT, RETAIN_UNTIL,
                new byte[32])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPayloadHashOfAnotherLengthIsRefused() {
        for (int length : new int[] {0, 16, 31, 33, 64}) {
            assertThatThrownBy(() -> new EntryHeader(LOG_ID, 1, RECORD_ID, "provision", RECORDED_AT, RETAIN_UNTIL, new byte[length]))
                    .as("%d bytes", length).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("32 bytes");
        }
    }

    @Test
    void missingFieldsAreRefusedByName() {
        byte[] hash = new byte[32];

        assertThatThrownBy(() -> new EntryHeader(null, 1, RECORD_ID, "provision", RECORDED_AT, RETAIN_UNTIL, hash))
                .isInstanceOf(NullPointerException.class).hasMessage("logId");
        assertThatThrownBy(() -> new EntryHeader(LOG_ID, 1, null, "provision", RECORDED_AT, RETAIN_UNTIL, hash))
                .isInstanceOf(NullPointerException.class).hasMessage("recordId");
        assertThatThrownBy(() -> new EntryHeader(LOG_ID, 1, RECORD_ID, null, RECORDED_AT, RETAIN_UNTIL, hash))
                .isInstanceOf(NullPointerException.class).hasMessage("kind");
        assertThatThrownBy(() -> new EntryHeader(LOG_ID, 1, RECORD_ID, "provision", null, RETAIN_UNTIL, hash))
                .isInstanceOf(NullPointerException.class).hasMessage("recordedAt");
        assertThatThrownBy(() -> new EntryHeader(LOG_ID, 1, RECORD_ID, "provision", RECORDED_AT, RETAIN_UNTIL, null))
                .isInstanceOf(NullPointerException.class).hasMessage("payloadSha256");
        assertThatThrownBy(() -> new EntryHeader(LOG_ID, 1, RECORD_ID, "provision", RECORDED_AT, null, hash))
                .isInstanceOf(NullPointerException.class).hasMessage("retainUntil");
        assertThatThrownBy(() -> EntryHeader.payloadSha256(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aLineBreakInsideAFieldIsRefused() {
        // "a\nb" as log id and "c" as kind would otherwise read as the same text as "a" and "b\nc".
        assertThatThrownBy(() -> new EntryHeader("shard\n03", 1, RECORD_ID, "provision", RECORDED_AT, RETAIN_UNTIL,
                new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EntryHeader(LOG_ID, 1, RECORD_ID, "provision\n", RECORDED_AT, RETAIN_UNTIL,
                new byte[32])).isInstanceOf(IllegalArgumentException.class);
    }
}
