package jp.onplanetz.privacy.disclosurelog.rest;

import jp.onplanetz.privacy.disclosurelog.JointUse;
import jp.onplanetz.privacy.disclosurelog.service.registers.JointUseService;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public notice of joint use as Markdown, written to be read as plain text just as well: the person it is
 * for may open it in a browser that shows the source.
 */
final class JointUseNoticeMarkdown {

    static final String MEDIA_TYPE = "text/markdown";

    // The characters that would turn the officer's text into emphasis, links, HTML or tables.
    private static final Pattern INLINE_SPECIAL = Pattern.compile("[\\\\`*_\\[\\]<>#|~]");
    // At the start of a list item these would open a nested list instead of being the item's text.
    private static final Pattern LIST_MARKER = Pattern.compile("^(?:([-+])|(\\d{1,9})([.)]))");

    private JointUseNoticeMarkdown() {
    }

    static String render(JointUseService.Notice notice) {
        StringBuilder md = new StringBuilder("# Joint use of personal data\n\n");
        if (notice.arrangements().isEmpty()) {
            md.append("We do not use personal data jointly with others.\n\n");
        } else {
            md.append("We use the personal data described below jointly with others (Act on the Protection of ")
                    .append("Personal Information, Article 27(5)(iii)). Joint use is not a provision to a third party: ")
                    .append("only the joint users described here use the data, only for the purposes stated here, and ")
                    .append("the person named here is responsible for managing it.\n\n");
        }
        md.append("As of ").append(notice.today()).append("; dates are in the calendar of ").append(notice.zone())
                .append(".\n");
        for (JointUse j : notice.arrangements()) {
            md.append("\n## ").append(inline(j.title)).append("\n\n");
            if (j.startsOn.isAfter(notice.today())) {
                md.append("From ").append(j.startsOn).append(". This joint use has not started yet.\n\n");
            } else {
                md.append("In effect since ").append(j.startsOn).append(".\n\n");
            }
            md.append("The items of personal data used jointly are:\n\n");
            for (String item : j.dataItems) {
                md.append("- ").append(listItem(item)).append('\n');
            }
            md.append("\nThey are used jointly by: ").append(sentence(j.jointUsersScope)).append("\n\n");
            md.append("The joint users use them for: ").append(sentence(j.purposes)).append("\n\n");
            md.append("The person responsible for managing them is ").append(inline(j.responsibleName)).append(", ")
                    .append(inline(j.responsibleAddress));
            if (j.responsibleRepresentative != null) {
                md.append(", represented by ").append(inline(j.responsibleRepresentative));
            }
            md.append(".\n\nPublished on ").append(publishedOn(j, notice)).append(".\n");
        }
        return md.toString();
    }

    static LocalDate publishedOn(JointUse j, JointUseService.Notice notice) {
        return j.publishedAt.atZoneSameInstant(notice.zone()).toLocalDate();
    }

    /**
     * The text on one line (a line break in the officer's text would otherwise end a heading or start a block)
     * with Markdown's inline syntax escaped.
     */
    static String inline(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return INLINE_SPECIAL.matcher(oneLine).replaceAll(m -> Matcher.quoteReplacement("\\" + m.group()));
    }

    static String listItem(String text) {
        String escaped = inline(text);
        Matcher m = LIST_MARKER.matcher(escaped);
        if (!m.find()) {
            return escaped;
        }
        return m.group(1) != null
                ? "\\" + escaped
                : m.group(2) + "\\" + m.group(3) + escaped.substring(m.end());
    }

    /** The text as a sentence: ended with a full stop unless it already ends one. */
    static String sentence(String text) {
        String s = inline(text);
        return s.matches("(?s).*[.!?。．！？]$") ? s : s + ".";
    }
}
