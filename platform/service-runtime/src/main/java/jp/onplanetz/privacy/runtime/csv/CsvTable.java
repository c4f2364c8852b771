package jp.onplanetz.privacy.runtime.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A table written as CSV, the one way every service writes one: RFC 4180 (a cell quoted when it holds a comma, a
 * quote or a line break, quotes doubled, CRLF line ends) by Jackson's CSV writer, and no cell that a spreadsheet
 * would run as a formula (OWASP's CSV injection advice). Exports carry text that came from outside (a counterparty's
 * name, a user agent, a page), and opening one must never run someone else's formula.
 * <p>
 * A cell starting with {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return is written with a leading
 * apostrophe, which spreadsheets take as "this is text". A cell that already starts with an apostrophe gets a second
 * one, so that a reader recovers every value exactly by one rule: drop one leading apostrophe where there is one.
 * A negative decimal number ({@code -12}, {@code -0.5}) is written as it is: a spreadsheet reads it as the number
 * it is, and a minus, digits and at most one decimal point cannot hold a formula; every other cell starting with a
 * minus ({@code -2+3}, {@code -cmd}, {@code -1e3}, {@code --}) is text that gets the apostrophe.
 * <p>
 * The full-width forms of the same four characters ({@code ＝ ＋ － ＠}, U+FF1D, U+FF0B, U+FF0D, U+FF20) are
 * defused too: a Japanese spreadsheet converts them to their ASCII forms as it reads a cell, and our exports are
 * opened in Japanese spreadsheets with text typed on Japanese keyboards.
 */
public final class CsvTable {

    public static final String MEDIA_TYPE = "text/csv";

    /** The first characters that make a spreadsheet read a cell as a formula. */
    private static final String FORMULA_STARTS = "=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20";
    private static final char TEXT_MARK = '\'';
    private static final Pattern NEGATIVE_NUMBER = Pattern.compile("-[0-9]+(\\.[0-9]+)?");
    /** Quotes a cell only when it must (a comma, quote or line break in it), having looked at every character. */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private static final CsvSchema SCHEMA = CsvSchema.emptySchema().withLineSeparator("\r\n");

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column names (written as they are: they are ours, not the data's). */
    public CsvTable(List<String> header) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.header = List.copyOf(header);
    }

    /** One row, a cell per column; a null cell is written empty. */
    public CsvTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells under " + header.size() + " columns");
        }
        rows.add(cells.stream().map(CsvTable::neutralised).toList());
        return this;
    }

    /** The header line and every row, each line ended by CRLF. */
    public String write() {
        List<List<String>> all = new ArrayList<>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        try {
            return CSV.writer(SCHEMA).writeValueAsString(all);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cell as written before quoting: a formula defused, an existing leading apostrophe doubled. */
    public static String neutralised(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char first = cell.charAt(0);
        boolean formula = FORMULA_STARTS.indexOf(first) >= 0 && !NEGATIVE_NUMBER.matcher(cell).matches();
        return formula || first == TEXT_MARK ? TEXT_MARK + cell : cell;
    }
}
