package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.disclosurelog.ledger.LogAudit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What a run found, for a person (the summary) and for a program ({@code --json}), and the exit status that
 * goes with it.
 *
 * @param checkpointsFrom where the checkpoints came from, in words (the table, or the topic and broker)
 * @param verifierKey     the key the checkpoints were checked with: printed, so that a key fetched from the
 *                        service can be compared with one obtained elsewhere
 * @param keyFrom         where that key came from, in words
 * @param findings        findings about no log in the database (a log only on the topic, an unreadable record)
 */
record VerificationSummary(Options.CheckpointSource source, String checkpointsFrom, String verifierKey,
        String keyFrom, List<LogOutcome> logs, List<Finding> findings, Instant startedAt, Duration elapsed) {

    static final int INTACT = 0;
    static final int BROKEN = 1;
    static final int ERROR = 2;

    /**
     * One log's audit, and the findings about its checkpoint copies.
     *
     * @param onlyInTable checkpoints in the table but not (yet) on the topic; with the table as source, 0
     */
    record LogOutcome(String origin, LogAudit.Result audit, List<Finding> findings, int onlyInTable) {
        boolean intact() {
            return audit.intact() && findings.isEmpty();
        }
    }

    boolean intact() {
        return findings.isEmpty() && logs.stream().allMatch(LogOutcome::intact);
    }

    int exitCode() {
        return intact() ? INTACT : BROKEN;
    }

    long entries() {
        return logs.stream().mapToLong(l -> l.audit().entries()).sum();
    }

    int checkpointsVerified() {
        return logs.stream().mapToInt(l -> l.audit().checkpointsVerified()).sum();
    }

    /** Entries checked per second of the whole run (reading the topic included); 0 for a run too short to time. */
    long entriesPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : Math.round(entries() * 1e9 / nanos);
    }

    String human() {
        StringBuilder out = new StringBuilder();
        out.append("disclosure-log ledger, checkpoints from ").append(checkpointsFrom).append('\n');
        out.append("checkpoint key ").append(verifierKey).append(", ").append(keyFrom).append('\n');
        for (LogOutcome log : logs) {
            LogAudit.Result r = log.audit();
            out.append(String.format(Locale.ROOT, "%-10s %-6s %,d entries, %,d checkpoints verified", r.logId(),
                    log.intact() ? "intact" : "BROKEN", r.entries(), r.checkpointsVerified()));
            if (log.onlyInTable() > 0) {
                out.append(String.format(Locale.ROOT, " (%,d in the database only, not on the topic yet)",
                        log.onlyInTable()));
            }
            out.append('\n');
            r.firstBreak().ifPresent(b -> out.append("           at index ").append(b.seq())
                    .append(b.recordId() == null ? "" : ", record " + b.recordId()).append(": ").append(b.reason())
                    .append(": ").append(b.detail()).append('\n'));
            for (Finding f : log.findings()) {
                out.append("           ").append(f.problem()).append(": ").append(f.detail()).append('\n');
            }
        }
        for (Finding f : findings) {
            out.append(f.problem()).append(": ").append(f.detail()).append('\n');
        }
        long broken = logs.stream().filter(l -> !l.intact()).count();
        out.append(intact() ? "INTACT: " + logs.size() + " logs" : "BROKEN: " + broken + " of " + logs.size() + " logs"
                + (findings.isEmpty() ? "" : ", " + findings.size() + " other findings"));
        out.append(String.format(Locale.ROOT, "; %,d entries and %,d checkpoints verified in %.2f s (%,d entries/s)%n",
                entries(), checkpointsVerified(), elapsed.toNanos() / 1e9, entriesPerSecond()));
        return out.toString();
    }

    ObjectNode json(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("intact", intact());
        root.put("checkpointSource", source.name().toLowerCase(Locale.ROOT));
        root.put("checkpointsFrom", checkpointsFrom);
        root.put("verifierKey", verifierKey);
        root.put("keyFrom", keyFrom);
        root.put("logCount", logs.size());
        root.put("entries", entries());
        root.put("checkpointsVerified", checkpointsVerified());
        root.put("startedAt", startedAt.toString());
        root.put("elapsedMillis", elapsed.toMillis());
        root.put("entriesPerSecond", entriesPerSecond());
        ArrayNode logsNode = root.putArray("logs");
        for (LogOutcome log : logs) {
            LogAudit.Result r = log.audit();
            ObjectNode l = logsNode.addObject();
            l.put("logId", r.logId());
            l.put("origin", log.origin());
            l.put("intact", log.intact());
            l.put("entries", r.entries());
            l.put("checkpointsVerified", r.checkpointsVerified());
            l.put("checkpointsOnlyInDatabase", log.onlyInTable());
            if (r.firstBreak().isPresent()) {
                LogAudit.Break b = r.firstBreak().get();
                ObjectNode br = l.putObject("firstBreak");
                br.put("seq", b.seq());
                br.put("recordId", b.recordId() == null ? null : b.recordId().toString());
                br.put("reason", b.reason());
                br.put("detail", b.detail());
            } else {
                l.putNull("firstBreak");
            }
            putFindings(l.putArray("findings"), log.findings());
        }
        putFindings(root.putArray("findings"), findings);
        return root;
    }

    private static void putFindings(ArrayNode array, List<Finding> findings) {
        for (Finding f : findings) {
            ObjectNode n = array.addObject();
            n.put("logId", f.logId());
            if (f.treeSize() >= 0) {
                n.put("treeSize", f.treeSize());
            }
            n.put("problem", f.problem());
            n.put("detail", f.detail());
        }
    }
}
