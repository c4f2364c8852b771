package jp.onplanetz.privacy.datarequest.rest;

import jp.onplanetz.privacy.runtime.csv.CsvTable;

import java.util.List;
import java.util.Map;

/**
 * A bundle as CSV, for a subject who asked for it so: one row per value each system disclosed, named by its path in
 * the system's document ({@code consents[0].purpose}), after one row per system with what it answered in words.
 * Nothing of the JSON bundle is left out: empty lists and objects are rows too.
 */
final class BundleCsv {

    static final List<String> HEADER = List.of("system", "outcome", "field", "value");

    private BundleCsv() {
    }

    @SuppressWarnings("unchecked")
    static String write(Map<String, Object> bundle) {
        CsvTable table = new CsvTable(HEADER);
        table.row(List.of("", "", "requestId", text(bundle.get("requestId"))));
        table.row(List.of("", "", "requestType", text(bundle.get("requestType"))));
        table.row(List.of("", "", "completedAt", text(bundle.get("completedAt"))));
        table.row(List.of("", "", "availableUntil", text(bundle.get("availableUntil"))));
        table.row(List.of("", "", "about", text(bundle.get("about"))));
        for (Map<String, Object> system : (List<Map<String, Object>>) bundle.get("systems")) {
            String code = text(system.get("system"));
            String outcome = text(system.get("outcome"));
            table.row(List.of(code, outcome, "name", text(system.get("name"))));
            table.row(List.of(code, outcome, "detail", text(system.get("detail"))));
            table.row(List.of(code, outcome, "items", text(system.get("items"))));
            table.row(List.of(code, outcome, "answeredAt", text(system.get("answeredAt"))));
            Object data = system.get("data");
            if (data != null) {
                flatten(table, code, outcome, "data", data);
            }
        }
        return table.write();
    }

    @SuppressWarnings("unchecked")
    private static void flatten(CsvTable table, String system, String outcome, String path, Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                table.row(List.of(system, outcome, path, "{}"));
            }
            ((Map<String, Object>) map).forEach((k, v) -> flatten(table, system, outcome, path + "." + k, v));
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                table.row(List.of(system, outcome, path, "[]"));
            }
            for (int i = 0; i < list.size(); i++) {
                flatten(table, system, outcome, path + "[" + i + "]", list.get(i));
            }
        } else {
            table.row(List.of(system, outcome, path, text(value)));
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
