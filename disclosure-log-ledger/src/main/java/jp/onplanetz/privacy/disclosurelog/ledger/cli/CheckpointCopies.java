package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import jp.onplanetz.privacy.disclosurelog.ledger.audit.LedgerDatabase.StoredCheckpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two places a log's checkpoints are kept, compared: the topic, which whoever controls the database cannot
 * change, and the database's table, which they can. Every checkpoint on the topic must be in the table exactly as
 * published; a row deleted or replaced there is what the audit against the table alone could never see (it would
 * simply check fewer, or other, checkpoints). Rows only in the table are expected: checkpoints signed after the
 * topic was read, or not relayed yet.
 */
final class CheckpointCopies {

    private CheckpointCopies() {
    }

    /** What the table lacks or holds differently, one finding per distinct note on the topic that it does not hold. */
    static List<Finding> compare(String logId, List<CheckpointTopic.Copy> onTopic, List<StoredCheckpoint> inTable) {
        Map<Long, String> table = new HashMap<>();
        inTable.forEach(c -> table.put(c.treeSize(), c.note()));
        List<Finding> findings = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (CheckpointTopic.Copy copy : onTopic) {
            // The outbox delivers at least once: the same note twice on the topic is one checkpoint.
            if (!seen.add(copy.note())) {
                continue;
            }
            String row = table.get(copy.treeSize());
            if (row == null) {
                findings.add(new Finding(logId, copy.treeSize(), Finding.MISSING_FROM_DATABASE, "the checkpoint of size "
                        + copy.treeSize() + " is on the topic (" + copy.where() + ") but not in ledger_checkpoint"));
            } else if (!row.equals(copy.note())) {
                findings.add(new Finding(logId, copy.treeSize(), Finding.DIFFERS_IN_DATABASE, "ledger_checkpoint's note of"
                        + " size " + copy.treeSize() + " is not the one on the topic (" + copy.where() + ")"));
            }
        }
        return findings;
    }

    /**
     * Every distinct checkpoint of both places, for the audit. A validly signed note proves what it signs wherever
     * it was found, so the table's rows are checked too; one that is not validly signed breaks the log.
     */
    static List<StoredCheckpoint> union(List<CheckpointTopic.Copy> onTopic, List<StoredCheckpoint> inTable) {
        Map<String, StoredCheckpoint> byNote = new LinkedHashMap<>();
        onTopic.forEach(c -> byNote.putIfAbsent(c.note(), new StoredCheckpoint(c.treeSize(), c.note())));
        inTable.forEach(c -> byNote.putIfAbsent(c.note(), c));
        return List.copyOf(byNote.values());
    }

    /** How many of the table's rows the topic does not have (yet). */
    static int onlyInTable(List<CheckpointTopic.Copy> onTopic, List<StoredCheckpoint> inTable) {
        Set<String> published = new LinkedHashSet<>();
        onTopic.forEach(c -> published.add(c.note()));
        return (int) inTable.stream().filter(c -> !published.contains(c.note())).count();
    }

    /** The logs the topic has checkpoints of and the database does not have at all. */
    static List<Finding> logsMissing(Map<String, List<CheckpointTopic.Copy>> onTopic, Set<String> logsInDatabase) {
        List<Finding> findings = new ArrayList<>();
        onTopic.forEach((logId, copies) -> {
            if (!logsInDatabase.contains(logId)) {
                long newest = copies.stream().mapToLong(CheckpointTopic.Copy::treeSize).max().orElse(0);
                findings.add(new Finding(logId, newest, Finding.LOG_MISSING_FROM_DATABASE, "the topic has "
                        + copies.size() + " checkpoints of log " + logId + " (the newest of size " + newest
                        + ") but ledger_log has no such log"));
            }
        });
        return findings;
    }
}
