package jp.onplanetz.privacy.analytics.anonymisation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CompanyClassTest {

    @ParameterizedTest
    @CsvSource({
            "1, 1-9", "9, 1-9", "10, 10-99", "99, 10-99", "100, 100-999", "999, 100-999", "1000, 1000+",
            "250000, 1000+", "１２０, 100-999", "' 42 ', 10-99",
            "1-9, 1-9", "10-99, 10-99", "100-999, 100-999", "1000+, 1000+"})
    void aDeclaredHeadcountOrBandGivesTheBand(String declared, String band) {
        assertThat(CompanyClass.sizeClass(declared)).isEqualTo(band);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "-5", "1,000", "about 50", "large", "Toyota Motor Corporation", "株式会社サンプル",
            "12345678901"})
    void anythingElseIsUnspecifiedForSize(String declared) {
        assertThat(CompanyClass.sizeClass(declared)).isEqualTo("unspecified");
    }

    @ParameterizedTest
    @EnumSource(CompanyClass.Sector.class)
    void aSectorIsRecognisedByJsicLetterJapaneseNameOrOurCode(CompanyClass.Sector sector) {
        assertThat(CompanyClass.sectorClass(sector.name())).isEqualTo(sector.code());
        assertThat(CompanyClass.sectorClass(sector.name().toLowerCase())).isEqualTo(sector.code());
        assertThat(CompanyClass.sectorClass(sector.japaneseName())).isEqualTo(sector.code());
        assertThat(CompanyClass.sectorClass(sector.code())).isEqualTo(sector.code());
    }

    @Test
    void japaneseSectorNamesMatchWhicheverPunctuationTheyAreWrittenWith() {
        assertThat(CompanyClass.sectorClass("卸売業，小売業")).isEqualTo("wholesale-retail");
        assertThat(CompanyClass.sectorClass("卸売業、小売業")).isEqualTo("wholesale-retail");
        assertThat(CompanyClass.sectorClass("サービス業（他に分類されないもの）")).isEqualTo("other-services");
        assertThat(CompanyClass.sectorClass("MANUFACTURING")).isEqualTo("manufacturing");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Toyota Motor Corporation", "株式会社サンプル", "tech", "Z", "製造", "EE"})
    void aCompanyNameOrAnythingElseIsUnspecifiedForSector(String declared) {
        assertThat(CompanyClass.sectorClass(declared)).isEqualTo("unspecified");
    }

    @Test
    void thereAreTheTwentyJsicMajorGroups() {
        assertThat(CompanyClass.Sector.values()).hasSize(20);
    }
}
