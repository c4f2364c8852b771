package jp.onplanetz.privacy.disclosurelog.ledger;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    static final String LOG_ID = "onplanetz.jp/privacy-ops/disclosure-log";
    /** The root of the Certificate Transparency reference tree of 8 entries. */
    static final String ROOT = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";
    static final Instant TIME = Instant.parse("2025-04-01T09:00:00Z");

    private final Checkpoint checkpoint = new Checkpoint(8, ROOT, TIME, LOG_ID);

    @Test
    void theSignedTextIsTheC2spCheckpointWithATimeExtensionLine() {
        // The root line: python3 -c 'import base64; print(base64.b64encode(bytes.fromhex("5dc9...4328")).decode())'
        assertThat(checkpoint.noteBody()).isEqualTo("""
                onplanetz.jp/privacy-ops/disclosure-log
                8
                XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=
                time 2025-04-01T09:00:00.000000Z
                """);
    }

    @Test
    void theTextReadsBackAsTheSameCheckpoint() {
        Checkpoint precise = new Checkpoint(1_000_000_007L, ROOT, Instant.parse("2025-12-31T23:59:59.123456Z"), LOG_ID);

        assertThat(Checkpoint.parse(checkpoint.noteBody())).isEqualTo(checkpoint);
        assertThat(Checkpoint.parse(precise.noteBody())).isEqualTo(precise);
        assertThat(Checkpoint.parse(new Checkpoint(0, ROOT, TIME, "x").noteBody()).treeSize()).isZero();
    }

    @Test
    void everyOtherSpellingOfTheSameCheckpointIsRefused() {
        String canonical = checkpoint.noteBody();
        List<String> otherSpellings = List.of(
                canonical.replace("\n8\n", "\n08\n"),
                canonical.replace("\n8\n", "\n+8\n"),
                canonical.replace("Qyg=\n", "Qyg\n"),
                canonical.replace(".000000Z", "Z"),
                canonical.replace(".000000Z", ".000Z"),
                canonical.replace("09:00:00.000000Z", "18:00:00.000000+09:00"),
                canonical.substring(0, canonical.length() - 1),
                canonical + "extra line\n",
                canonical.replace("time ", "Time "),
                canonical.replace("\n", "\r\n"));

        for (String spelling : otherSpellings) {
            assertThatThrownBy(() -> Checkpoint.parse(spelling)).as(spelling)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theTimeIsKeptToTheMicrosecondAsPostgresqlKeepsIt() {
        Checkpoint fromNanos = new Checkpoint(8, ROOT, Instant.parse("2025-04-01T09:00:00.123456789Z"), LOG_ID);

        assertThat(fromNanos.time()).isEqualTo(Instant.parse("2025-04-01T09:00:00.123456Z"));
        assertThat(fromNanos.noteBody()).endsWith("time 2025-04-01T09:00:00.123456Z\n");
    }

    @Test
    void theRootHashIsKeptInLowerCaseAndReadAsBytes() {
        Checkpoint upper = new Checkpoint(8, ROOT.toUpperCase(), TIME, LOG_ID);

        assertThat(upper).isEqualTo(checkpoint);
        assertThat(checkpoint.rootHashBytes())
                .isEqualTo(CertificateTransparencyVectors.hashes(List.of(ROOT)).get(0));
        assertThat(Checkpoint.of(8, checkpoint.rootHashBytes(), TIME, LOG_ID)).isEqualTo(checkpoint);
    }

    @Test
    void fieldsThatCannotBeEncodedAreRefused() {
        assertThatThrownBy(() -> new Checkpoint(-1, ROOT, TIME, LOG_ID)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint(8, ROOT.substring(2), TIME, LOG_ID))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint(8, "zz" + ROOT.substring(2), TIME, LOG_ID))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint(8, ROOT, null, LOG_ID)).isInstanceOf(NullPointerException.class);
        for (String logId : List.of("", "two words", "two\nlines", "ログ")) {
            assertThatThrownBy(() -> new Checkpoint(8, ROOT, TIME, logId)).as(logId)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
