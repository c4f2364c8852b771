package jp.onplanetz.privacy.analytics.anonymisation;

import jp.onplanetz.privacy.events.WireCoded;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A free-text job title reduced to a coarse class by a small keyword table. The title itself never leaves
 * this method: a rare title ("Chief Sake Brewer") can identify a person by itself.
 * <p>
 * Rules are tried in order and the first match wins. Phrases whose words would point the wrong way come
 * first ("account executive" and "account manager" are sales roles, "executive assistant" is clerical, 事業開発
 * is business development, not engineering); then
 * seniority before field, so that a sales manager or 営業部長 counts as a manager, as an organisation chart
 * would; students before the fields they study. English keywords match as whole words, ignoring case;
 * Japanese ones as substrings, Japanese having no spaces between words. The table is deliberately short:
 * anything it does not know is {@link #OTHER}, which is safe. Stored events and releases carry the
 * {@link #code()}, e.g. {@code engineer}.
 */
public enum JobClass implements WireCoded {
    EXECUTIVE,
    MANAGER,
    ENGINEER,
    SALES,
    CLERICAL,
    STUDENT,
    OTHER,
    /** No title given. */
    UNSPECIFIED;

    private record Rule(Pattern pattern, JobClass jobClass) {
    }

    private static final List<Rule> RULES = List.of(
            english(SALES, "account executive", "account manager", "sales executive"),
            english(CLERICAL, "executive assistant", "executive secretary"),
            japanese(SALES, "事業開発"),
            english(EXECUTIVE, "ceo", "cto", "cfo", "coo", "cio", "cmo", "ciso", "chief [a-z ]*officer",
                    "president", "vice president", "vp", "managing director", "board director", "founder",
                    "co-founder", "chairman", "chairperson", "executive"),
            japanese(EXECUTIVE, "社長", "取締役", "役員", "会長", "専務", "常務", "執行役"),
            english(MANAGER, "manager", "head of", "director", "supervisor", "team lead", "team leader"),
            japanese(MANAGER, "部長", "課長", "係長", "室長", "店長", "所長", "マネージャー", "マネジャー",
                    "ディレクター", "リーダー"),
            english(STUDENT, "student", "intern", "undergraduate", "graduate student", "phd candidate"),
            japanese(STUDENT, "学生", "院生", "生徒", "インターン"),
            english(ENGINEER, "engineer", "developer", "programmer", "software", "sre", "devops", "architect",
                    "data scientist"),
            japanese(ENGINEER, "エンジニア", "技術者", "開発", "プログラマ", "技師", "システム"),
            english(SALES, "sales", "salesperson", "business development", "account representative"),
            japanese(SALES, "営業", "販売", "セールス"),
            english(CLERICAL, "clerk", "clerical", "assistant", "administrative", "admin", "secretary",
                    "receptionist", "office worker", "bookkeeper"),
            japanese(CLERICAL, "事務", "秘書", "受付", "総務", "経理", "庶務"));

    /**
     * @return the class of the title; {@link #UNSPECIFIED} for null or blank, {@link #OTHER} when no rule
     *         matches
     */
    public static JobClass of(String jobTitle) {
        if (jobTitle == null || jobTitle.isBlank()) {
            return UNSPECIFIED;
        }
        String text = Normalizer.normalize(jobTitle, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        for (Rule rule : RULES) {
            if (rule.pattern().matcher(text).find()) {
                return rule.jobClass();
            }
        }
        return OTHER;
    }

    private static Rule english(JobClass jobClass, String... keywords) {
        // whole words: "admin" must not match "administered", "sre" must not match "pressure"
        return new Rule(Pattern.compile("(?<![a-z])(?:" + String.join("|", keywords) + ")(?![a-z])"), jobClass);
    }

    private static Rule japanese(JobClass jobClass, String... keywords) {
        return new Rule(Pattern.compile(String.join("|", keywords)), jobClass);
    }
}
