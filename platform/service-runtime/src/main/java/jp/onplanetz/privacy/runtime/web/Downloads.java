package jp.onplanetz.privacy.runtime.web;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jp.onplanetz.privacy.runtime.csv.CsvTable;

import java.util.List;
import java.util.function.Supplier;

/**
 * Answers that people save as files (exports, registers, a subject's bundle): CSV or JSON, with the file name a
 * browser saves them under. The name is made of letters, digits, dots, dashes and underscores only (anything else
 * becomes an underscore), so that a subject id in it can neither break the header nor name a path.
 */
public final class Downloads {

    /** CSV with its charset named: text/csv without one means US-ASCII (RFC 4180), and the cells hold Japanese. */
    public static final String CSV = CsvTable.MEDIA_TYPE + ";charset=UTF-8";

    private static final List<MediaType> JSON_OR_CSV = List.of(MediaType.APPLICATION_JSON_TYPE,
            MediaType.valueOf(CsvTable.MEDIA_TYPE));

    private Downloads() {
    }

    /**
     * JSON unless the caller prefers CSV ({@link Negotiation}): the JSON inline, the CSV as a file named
     * {@code fileName.csv}. The table is written only when it is asked for.
     */
    public static Response jsonOrCsv(HttpHeaders headers, Object document, Supplier<String> table, String fileName) {
        MediaType type = Negotiation.choose(headers, JSON_OR_CSV);
        if (type.equals(MediaType.APPLICATION_JSON_TYPE)) {
            return Response.ok(document, MediaType.APPLICATION_JSON_TYPE).build();
        }
        return csv(table.get(), fileName);
    }

    /** The CSV text as a file named {@code fileName.csv}. */
    public static Response csv(String table, String fileName) {
        return Response.ok(table, CSV).header(HttpHeaders.CONTENT_DISPOSITION, attachment(fileName + ".csv")).build();
    }

    /** The JSON document as a file named {@code fileName.json}. */
    public static Response json(Object document, String fileName) {
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(fileName + ".json")).build();
    }

    private static String attachment(String fileName) {
        return "attachment; filename=\"" + fileName.replaceAll("[^A-Za-z0-9._-]", "_") + "\"";
    }
}
