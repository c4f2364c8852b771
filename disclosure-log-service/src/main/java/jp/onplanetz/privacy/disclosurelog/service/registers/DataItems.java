package jp.onplanetz.privacy.disclosurelog.service.registers;

import jp.onplanetz.privacy.runtime.problem.Problem;

import java.util.List;

/** The personal data items a register entry names (what is entrusted, what is used jointly), checked one by one. */
final class DataItems {

    static final int MAX_LENGTH = 200;

    private DataItems() {
    }

    /** Adds to {@code invalid} each item that is blank or too long, by its index in {@code dataItems}. */
    static void check(List<String> dataItems, List<Problem.InvalidParam> invalid) {
        for (int i = 0; i < dataItems.size(); i++) {
            String item = dataItems.get(i);
            if (item == null || item.isBlank()) {
                invalid.add(new Problem.InvalidParam("dataItems[" + i + "]", "must not be blank"));
            } else if (item.length() > MAX_LENGTH) {
                invalid.add(new Problem.InvalidParam("dataItems[" + i + "]", "at most " + MAX_LENGTH + " characters"));
            }
        }
    }
}
