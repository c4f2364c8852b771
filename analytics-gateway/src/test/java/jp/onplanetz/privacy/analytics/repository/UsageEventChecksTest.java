package jp.onplanetz.privacy.analytics.repository;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * usage_event's pseudonym CHECK (usage_event_pseudonym_shape) means what the regular expression it replaced
 * means: both run in PostgreSQL over valid pseudonyms and every near miss of them (a character dropped, added or
 * replaced at each place, by characters that look like the allowed ones), and must agree on every value.
 */
@QuarkusTest
class UsageEventChecksTest {

    private static final String OLD = "^p[1-9][0-9]{0,8}:[A-Za-z0-9_-]{22}$";
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** Characters next to the allowed ones, or like them in another script, or that end a regex line. */
    private static final List<String> NEAR = List.of(":", "0", "9", "p", "P", "-", "_", "=", "+", "/", ".", " ",
            "\n", "\r", "\t", "é", "😀", "Ａ", "１", "٣", "ſ", "K", "@", "[", "`", "{", "a", "Z", "\\", "$", "^");

    @Test
    void the_cheaper_pseudonym_check_accepts_exactly_what_the_regular_expression_accepted() throws SQLException {
        Random random = new Random(21);
        Set<String> corpus = new LinkedHashSet<>();
        List<String> valid = new ArrayList<>();
        for (String version : List.of("1", "9", "10", "42", "100", "999999999", "123456789", "100000000")) {
            for (int i = 0; i < 4; i++) {
                StringBuilder tail = new StringBuilder();
                for (int k = 0; k < 22; k++) {
                    tail.append(BASE64URL.charAt(random.nextInt(BASE64URL.length())));
                }
                valid.add("p" + version + ":" + tail);
            }
        }
        valid.add("p1:" + "-".repeat(22));
        valid.add("p1:" + "_".repeat(22));
        corpus.addAll(valid);
        for (String v : valid) {
            for (int at = 0; at <= v.length(); at++) {
                if (at < v.length()) {
                    corpus.add(v.substring(0, at) + v.substring(at + 1));
                }
                for (String c : NEAR) {
                    corpus.add(v.substring(0, at) + c + v.substring(at));
                    if (at < v.length()) {
                        corpus.add(v.substring(0, at) + c + v.substring(at + 1));
                    }
                }
            }
        }
        corpus.addAll(List.of("", "p", "p:", "p1:", "p0:AAAAAAAAAAAAAAAAAAAAAA", "p01:AAAAAAAAAAAAAAAAAAAAAA",
                "p1234567890:AAAAAAAAAAAAAAAAAAAAAA", "p1:AAAAAAAAAAAAAAAAAAAAA", "p1:AAAAAAAAAAAAAAAAAAAAAAA",
                "p1:AAAAAAAAAAAAAAAAAAAAAA\n", "p1::AAAAAAAAAAAAAAAAAAAAA", "p1:AAAAAAAAAA:AAAAAAAAAAA",
                "pp1:AAAAAAAAAAAAAAAAAAAAAA", "p1:p1:AAAAAAAAAAAAAAAAAA", ":AAAAAAAAAAAAAAAAAAAAAA"));

        int accepted = 0;
        int refused = 0;
        List<String> disagreements = new ArrayList<>();
        try (Connection c = ServiceDb.connect(ServiceDatabases.ANALYTICS);
             PreparedStatement ps = c.prepareStatement("select v, v ~ ?, usage_event_pseudonym_shape(v)"
                     + " from unnest(?::text[]) v union all select null, null::text ~ ?, usage_event_pseudonym_shape(null)")) {
            ps.setString(1, OLD);
            ps.setArray(2, c.createArrayOf("text", corpus.toArray()));
            ps.setString(3, OLD);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Boolean old = (Boolean) rs.getObject(2);
                    Boolean cheaper = (Boolean) rs.getObject(3);
                    if (old == null ? cheaper != null : !old.equals(cheaper)) {
                        disagreements.add(rs.getString(1) + " old=" + old + " new=" + cheaper);
                    } else if (Boolean.TRUE.equals(old)) {
                        accepted++;
                    } else if (Boolean.FALSE.equals(old)) {
                        refused++;
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(accepted).as("the valid pseudonyms, and near misses that happen to be valid").isGreaterThanOrEqualTo(valid.size());
        assertThat(refused).isGreaterThan(10_000);
    }
}
