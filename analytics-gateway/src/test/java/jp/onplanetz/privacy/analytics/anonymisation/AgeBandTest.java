package jp.onplanetz.privacy.analytics.anonymisation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Year;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgeBandTest {

    private static final Year REFERENCE = Year.of(2025);

    @ParameterizedTest
    @CsvSource({
            "2025, <20", "2006, <20", "2005, 20-29", "1996, 20-29", "1995, 30-39", "1986, 30-39",
            "1985, 40-49", "1975, 50-59", "1966, 50-59", "1965, 60-69", "1956, 60-69", "1955, 70+",
            "1905, 70+"})
    void theAgeReachedInTheReferenceYearPicksTheBand(int yearOfBirth, String band) {
        assertThat(AgeBand.of(yearOfBirth, REFERENCE).label()).isEqualTo(band);
    }

    @Test
    void theBandDependsOnTheReferenceYearNotOnToday() {
        assertThat(AgeBand.of(1990, Year.of(2009))).isEqualTo(AgeBand.UNDER_20);
        assertThat(AgeBand.of(1990, Year.of(2010))).isEqualTo(AgeBand.FROM_20_TO_29);
    }

    @Test
    void aYearOfBirthAfterTheReferenceOrMoreThan120YearsBeforeIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> AgeBand.of(2026, REFERENCE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("2026");
        assertThatThrownBy(() -> AgeBand.of(1904, REFERENCE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("1904");
        assertThatThrownBy(() -> AgeBand.of(0, REFERENCE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgeBand.of(Integer.MIN_VALUE, REFERENCE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgeBand.of(Integer.MAX_VALUE, REFERENCE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLabelsAreTheOnesReleasesCarry() {
        assertThat(AgeBand.values()).extracting(AgeBand::label)
                .containsExactly("<20", "20-29", "30-39", "40-49", "50-59", "60-69", "70+");
    }
}
