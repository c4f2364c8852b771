package jp.onplanetz.privacy.disclosurelog.rest;

import jp.onplanetz.privacy.disclosurelog.JointUse;
import jp.onplanetz.privacy.disclosurelog.service.registers.JointUseService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JointUseNoticeMarkdownTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final LocalDate TODAY = LocalDate.of(2025, 4, 1);

    @Test
    void withoutArrangementsTheNoticeSaysThereIsNoJointUse() {
        assertThat(JointUseNoticeMarkdown.render(new JointUseService.Notice(List.of(), TOKYO, TODAY))).isEqualTo("""
                # Joint use of personal data

                We do not use personal data jointly with others.

                As of 2025-04-01; dates are in the calendar of Asia/Tokyo.
                """);
    }

    @Test
    void anArrangementReadsAsSentences() {
        JointUse j = arrangement();
        assertThat(JointUseNoticeMarkdown.render(new JointUseService.Notice(List.of(j), TOKYO, TODAY)))
                .endsWith("""
                        As of 2025-04-01; dates are in the calendar of Asia/Tokyo.

                        ## Group support desk

                        From 2025-05-01. This joint use has not started yet.

                        The items of personal data used jointly are:

                        - name
                        - e-mail address

                        They are used jointly by: the group companies listed at https://onplanetz.example/group.

                        The joint users use them for: Answering inquiries!

                        The person responsible for managing them is Onplanetz Co., Ltd., 1-2-3 Shibuya, Tokyo, \
                        represented by Hanako Sato, CEO.

                        Published on 2025-03-02.
                        """);
    }

    @Test
    void theDayOfPublicationIsTheRegistersDayNotUtcs() {
        JointUse j = arrangement();
        // 23:30 UTC on 2025-03-01 is 08:30 on 2025-03-02 in Tokyo
        assertThat(JointUseNoticeMarkdown.publishedOn(j, new JointUseService.Notice(List.of(j), TOKYO, TODAY)))
                .isEqualTo(LocalDate.of(2025, 3, 2));
        assertThat(JointUseNoticeMarkdown.publishedOn(j, new JointUseService.Notice(List.of(j), ZoneOffset.UTC, TODAY)))
                .isEqualTo(LocalDate.of(2025, 3, 1));
    }

    @Test
    void onTheDayItStartsAnArrangementIsInEffect() {
        JointUse j = arrangement();
        j.startsOn = TODAY;
        assertThat(JointUseNoticeMarkdown.render(new JointUseService.Notice(List.of(j), TOKYO, TODAY)))
                .contains("In effect since 2025-04-01.\n").doesNotContain("not started");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "emphasis and links => a *b* [c](d) <e> => a \\*b\\* \\[c\\](d) \\<e\\>",
            "line breaks => a\\n\\n# b\\n  c => a \\# b c",
            "code, tables, strikes => `x` | ~y~ _z_ \\ => \\`x\\` \\| \\~y\\~ \\_z\\_ \\\\",
            "plain text unchanged => 1-2-3 Shibuya (Tokyo), 3.5% & more => 1-2-3 Shibuya (Tokyo), 3.5% & more",
    })
    void theOfficersTextIsShownAsWrittenNotAsMarkdown(String name, String text, String escaped) {
        assertThat(JointUseNoticeMarkdown.inline(text.replace("\\n", "\n"))).isEqualTo(escaped);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "- contact    | \\- contact",
            "+ contact    | \\+ contact",
            "1. name      | 1\\. name",
            "2) name      | 2\\) name",
            "2025 records | 2025 records",
            "e-mail       | e-mail",
    })
    void aListItemThatLooksLikeAListMarkerIsNotANestedList(String item, String escaped) {
        assertThat(JointUseNoticeMarkdown.listItem(item)).isEqualTo(escaped);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Support          | Support.",
            "Support.         | Support.",
            "Support?         | Support?",
            "サポート窓口の運営。 | サポート窓口の運営。",
    })
    void aSentenceEndsOnce(String text, String sentence) {
        assertThat(JointUseNoticeMarkdown.sentence(text)).isEqualTo(sentence);
    }

    private static JointUse arrangement() {
        JointUse j = new JointUse();
        j.id = UUID.randomUUID();
        j.title = "Group support desk";
        j.dataItems = List.of("name", "e-mail address");
        j.jointUsersScope = "the group companies listed at https://onplanetz.example/group";
        j.purposes = "Answering inquiries!";
        j.responsibleName = "Onplanetz Co., Ltd.";
        j.responsibleAddress = "1-2-3 Shibuya, Tokyo";
        j.responsibleRepresentative = "Hanako Sato, CEO";
        j.startsOn = LocalDate.of(2025, 5, 1);
        j.publishedAt = OffsetDateTime.of(2025, 3, 1, 23, 30, 0, 0, ZoneOffset.UTC);
        j.createdBy = "officer";
        return j;
    }
}
