package jp.onplanetz.privacy.runtime.csv;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTableTest {

    private static String oneCell(String cell) {
        String csv = new CsvTable(List.of("c")).row(Arrays.asList(cell)).write();
        assertThat(csv).startsWith("c\r\n").endsWith("\r\n");
        return csv.substring("c\r\n".length(), csv.length() - 2);
    }

    @ParameterizedTest(name = "[{index}] {0} is written {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
            // what a spreadsheet would run gets an apostrophe and stays text
            "=1+2 => '=1+2",
            "=HYPERLINK(\"http://x\";\"y\") => `\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\"`",
            "+81 3 1234 5678 => '+81 3 1234 5678",
            "@SUM(A1:A9) => '@SUM(A1:A9)",
            "= => '=",
            "+ => '+",
            "- => '-",
            "@ => '@",
            // their full-width forms, which a Japanese spreadsheet reads as the ASCII ones
            "＝1+2 => '＝1+2",
            "＋81 3 1234 5678 => '＋81 3 1234 5678",
            "－1+cmd => '－1+cmd",
            "－1 => '－1",
            "＠SUM(A1:A9) => '＠SUM(A1:A9)",
            "a＝b => a＝b",
            // a minus that is not a plain negative number is text
            "-2+3 => '-2+3",
            "-1+cmd|' /C calc'!A0 => '-1+cmd|' /C calc'!A0",
            "-cmd => '-cmd",
            "--1 => '--1",
            "-1e3 => '-1e3",
            "-.5 => '-.5",
            "-1. => '-1.",
            "-1.2.3 => '-1.2.3",
            "-1 -2 => '-1 -2",
            // a plain negative decimal number is written as it is: a spreadsheet reads the number
            "-1 => -1",
            "-0.5 => -0.5",
            "-1234567890.0123 => -1234567890.0123",
            // an apostrophe already there is doubled, so that dropping one always gives the value back
            "'abc => ''abc",
            "'=1+2 => ''=1+2",
            // nothing else is touched
            "plain => plain",
            "1+2 => 1+2",
            "a=b => a=b",
            "mail@example.com => mail@example.com",
            "12 => 12",
            "日本語の名前 => 日本語の名前",
    })
    void aCellIsWrittenSoThatNoSpreadsheetRunsIt(String cell, String written) {
        assertThat(oneCell(cell)).isEqualTo(written);
    }

    @Test
    void aCellStartingWithTabOrCarriageReturnIsDefusedToo() {
        assertThat(CsvTable.neutralised("\t=1+2")).isEqualTo("'\t=1+2");
        assertThat(CsvTable.neutralised("\r=1+2")).isEqualTo("'\r=1+2");
        assertThat(oneCell("\r=1+2")).isEqualTo("\"'\r=1+2\"");
        assertThat(oneCell("\t=1+2")).startsWith("'").contains("\t=1+2").doesNotStartWith("\t");
        // a formula behind a separator or a quote is still defused inside the quotes
        assertThat(oneCell("=1,2")).isEqualTo("\"'=1,2\"");
        assertThat(oneCell("=\"a\"")).isEqualTo("\"'=\"\"a\"\"\"");
    }

    @Test
    void cellsAreQuotedOnlyWhereRfc4180AsksAndLinesEndInCrLf() {
        String csv = new CsvTable(List.of("a", "b")).row(List.of("comma, inside", "quote \" inside"))
                .row(List.of("line\nbreak", "cr\rlf\r\nboth")).row(List.of("\"", "")).row(Arrays.asList(null, "x")).write();
        assertThat(csv).isEqualTo("a,b\r\n\"comma, inside\",\"quote \"\" inside\"\r\n\"line\nbreak\",\"cr\rlf\r\nboth\"\r\n"
                + "\"\"\"\",\r\n,x\r\n");
    }

    @Test
    void aTableWithoutRowsIsItsHeader() {
        assertThat(new CsvTable(List.of("a", "b")).write()).isEqualTo("a,b\r\n");
    }

    @Test
    void aRowMustFitTheHeaderAndATableNeedsAColumn() {
        assertThatThrownBy(() -> new CsvTable(List.of("a", "b")).row(List.of("only one")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CsvTable(List.of("a")).row(List.of("one", "two")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CsvTable(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anRfc4180ReaderGetsEveryValueBackByDroppingOneLeadingApostrophe() throws Exception {
        List<String> values = List.of("=1+2", "+", "-", "@x", "\t", "\r", "\r\n", "\n", "-1", "-1.5", "-x", "'", "''",
                "'=x", "a,b", "\"", "\"\"", " lead and trail ", "", "x\r\ny", "=a\nb", "日本", "\u3000全角スペース",
                "-0", "a'b", ",", ",,", "=\"=\"");
        CsvTable table = new CsvTable(List.of("value", "other"));
        values.forEach(v -> table.row(List.of(v, "after")));

        List<List<String>> read = new ArrayList<>();
        CsvMapper reader = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
        try (MappingIterator<List<String>> it = reader.readerForListOf(String.class)
                .readValues(table.write())) {
            it.forEachRemaining(read::add);
        }
        assertThat(read).hasSize(values.size() + 1);
        assertThat(read.get(0)).containsExactly("value", "other");
        for (int i = 0; i < values.size(); i++) {
            List<String> row = read.get(i + 1);
            assertThat(row).as("row of %s", values.get(i)).hasSize(2);
            assertThat(row.get(1)).isEqualTo("after");
            String cell = row.get(0);
            assertThat(cell).as("no cell starts a formula").doesNotStartWith("=").doesNotStartWith("+")
                    .doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            if (cell.startsWith("-")) {
                assertThat(cell).matches("-[0-9]+(\\.[0-9]+)?");
            }
            assertThat(cell.startsWith("'") ? cell.substring(1) : cell).isEqualTo(values.get(i));
        }
    }
}
