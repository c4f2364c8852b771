package jp.onplanetz.privacy.analytics.anonymisation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class JobClassTest {

    @ParameterizedTest
    @CsvSource({
            "CEO, EXECUTIVE", "Chief Technology Officer, EXECUTIVE", "Vice President of Marketing, EXECUTIVE",
            "Managing Director, EXECUTIVE", "Co-Founder, EXECUTIVE", "代表取締役社長, EXECUTIVE",
            "取締役営業部長, EXECUTIVE", "執行役員, EXECUTIVE",
            "Product Manager, MANAGER", "Sales Manager, MANAGER", "Engineering Manager, MANAGER",
            "Head of Data, MANAGER", "Art Director, MANAGER", "営業部長, MANAGER", "開発課長, MANAGER",
            "店長, MANAGER", "プロジェクトマネージャー, MANAGER",
            "Senior Software Engineer, ENGINEER", "Backend Developer, ENGINEER", "SRE, ENGINEER",
            "Data Scientist, ENGINEER", "ソフトウェアエンジニア, ENGINEER", "システム開発, ENGINEER",
            "Account Executive, SALES", "Account Manager, SALES", "Sales Representative, SALES",
            "Business Development, SALES", "法人営業, SALES", "販売スタッフ, SALES", "事業開発, SALES",
            "Executive Assistant, CLERICAL", "Office Clerk, CLERICAL", "Receptionist, CLERICAL",
            "一般事務, CLERICAL", "経理, CLERICAL", "秘書, CLERICAL",
            "Student, STUDENT", "PhD candidate, STUDENT", "Summer Intern, STUDENT", "大学生, STUDENT",
            "大学院生, STUDENT",
            "Chef, OTHER", "Nurse, OTHER", "Chief Sake Brewer, OTHER", "看護師, OTHER", "Internal Auditor, OTHER",
            "Pressure Tester, OTHER"})
    void aTitleGetsTheClassOfTheFirstRuleItMatches(String title, JobClass expected) {
        assertThat(JobClass.of(title)).isEqualTo(expected);
    }

    @Test
    void caseAndFullWidthLettersDoNotMatter() {
        assertThat(JobClass.of("ＣＥＯ")).isEqualTo(JobClass.EXECUTIVE);
        assertThat(JobClass.of("software ENGINEER")).isEqualTo(JobClass.ENGINEER);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void noTitleIsUnspecified(String title) {
        assertThat(JobClass.of(title)).isEqualTo(JobClass.UNSPECIFIED);
    }

    @Test
    void theCodesAreTheOnlyOutput() {
        assertThat(JobClass.values()).extracting(JobClass::code).containsExactly("executive", "manager",
                "engineer", "sales", "clerical", "student", "other", "unspecified");
    }
}
