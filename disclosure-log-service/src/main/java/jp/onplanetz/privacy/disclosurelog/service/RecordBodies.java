package jp.onplanetz.privacy.disclosurelog.service;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.disclosurelog.ledger.audit.RecordIndex;

/**
 * Facts about the record bodies the ledger stores, shared by whoever writes and whoever reads them. The ones the
 * verifier checks the query columns by live in the ledger's {@link RecordIndex}, which the command-line verifier
 * applies too; these are the same values, not copies.
 */
public final class RecordBodies {

    public static final String PROVISION = RecordIndex.PROVISION;
    public static final String RECEIVING = RecordIndex.RECEIVING;

    private RecordBodies() {
    }

    /**
     * Whom the record is with: the recipient's code for a provision, the provider's name for data received. It is
     * the column an officer queries by ("every record with recipient X").
     */
    public static String counterparty(JsonNode record) {
        return RecordIndex.counterparty(record);
    }
}
