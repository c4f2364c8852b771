package jp.onplanetz.privacy.disclosurelog.ledger.cli;

/**
 * Something wrong with the checkpoints themselves rather than with a log's entries: the database's table does not
 * hold what the topic holds. Any finding makes the ledger not intact.
 *
 * @param logId    the log it is about; may be null for a topic record that names none
 * @param treeSize the checkpoint's size, -1 when there is none to name
 * @param problem  one of the constants below
 */
record Finding(String logId, long treeSize, String problem, String detail) {

    /** A checkpoint on the topic has no row of its size in {@code ledger_checkpoint}: a row was deleted. */
    static final String MISSING_FROM_DATABASE = "checkpoint-missing-from-database";
    /** The row of that size holds another note than the topic: the row was replaced (or the log signed twice). */
    static final String DIFFERS_IN_DATABASE = "checkpoint-differs-in-database";
    /** The topic has checkpoints of a log that {@code ledger_log} does not have. */
    static final String LOG_MISSING_FROM_DATABASE = "log-missing-from-database";
    /** A record on the topic is not a readable checkpoint event. */
    static final String TOPIC_RECORD_UNREADABLE = "topic-record-unreadable";
}
