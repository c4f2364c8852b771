package jp.onplanetz.privacy.events.payload;

import java.time.Instant;

/** {@code ledger.checkpoint-signed.v1}: a signed checkpoint of one log of the disclosure log. */
public record LedgerCheckpointSigned(String logId, String origin, long treeSize, String rootHash, Instant signedAt,
        String keyName, String note) {
}
