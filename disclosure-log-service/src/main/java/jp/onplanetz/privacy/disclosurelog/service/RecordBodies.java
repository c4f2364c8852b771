package jp.onplanetz.privacy.disclosurelog.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Facts about the record bodies the ledger stores, shared by whoever writes and whoever reads them.
 */
public final class RecordBodies {

    public static final String PROVISION = "provision";
    public static final String RECEIVING = "receiving";

    private RecordBodies() {
    }

    /**
     * Whom the record is with: the recipient's code for a provision, the provider's name for data received. It is
     * the column an officer queries by ("every record with recipient X").
     */
    public static String counterparty(JsonNode record) {
        return PROVISION.equals(record.path("kind").asText())
                ? record.path("recipient").path("code").asText()
                : record.path("provider").path("name").asText();
    }
}
