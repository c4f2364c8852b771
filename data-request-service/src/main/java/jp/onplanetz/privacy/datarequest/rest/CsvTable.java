package jp.onplanetz.privacy.datarequest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table written as CSV (RFC 4180: quoted where needed, CRLF line ends) by Jackson's CSV writer. Cells that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) are written with a leading
 * apostrophe: a bundle carries text that came from outside (a user agent, a page name), and opening one's own data
 * must never run someone else's formula (OWASP's CSV injection advice).
 */
final class CsvTable {

    static final String MEDIA_TYPE = "text/csv";
    /** Quotes a cell only when it must (a comma, quote or line break in it), having looked at every character. */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    CsvTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    CsvTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells under " + header.size() + " columns");
        }
        rows.add(cells.stream().map(CsvTable::neutralised).toList());
        return this;
    }

    String write() {
        CsvSchema schema = CsvSchema.emptySchema().withLineSeparator("\r\n");
        List<List<String>> all = new ArrayList<>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        try {
            return CSV.writer(schema).writeValueAsString(all);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String neutralised(String cell) {
        if (cell == null) {
            return "";
        }
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            return "'" + cell;
        }
        return cell;
    }
}
