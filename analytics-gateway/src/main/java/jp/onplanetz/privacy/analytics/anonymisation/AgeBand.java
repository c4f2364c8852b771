package jp.onplanetz.privacy.analytics.anonymisation;

import java.time.Year;
import java.util.Objects;

/**
 * A year of birth generalised to a ten-year band. Everyone under 20 shares one band and everyone 70 or over
 * another, because the ends of the age range hold few people and a narrow band there would single them out.
 * <p>
 * The age is {@code referenceYear - yearOfBirth}: the age reached during the reference year. Without the day
 * of birth the true age on a given date may be one less, so someone may sit in the upper band a few months
 * early; for a ten-year band that is an acceptable blur and needs nothing more identifying.
 */
public enum AgeBand {
    UNDER_20("<20", 0, 19),
    FROM_20_TO_29("20-29", 20, 29),
    FROM_30_TO_39("30-39", 30, 39),
    FROM_40_TO_49("40-49", 40, 49),
    FROM_50_TO_59("50-59", 50, 59),
    FROM_60_TO_69("60-69", 60, 69),
    FROM_70("70+", 70, AgeBand.OLDEST_PLAUSIBLE_AGE);

    /** Older than anyone on record; a larger age is a typo or a default value such as 1900, not a person. */
    public static final int OLDEST_PLAUSIBLE_AGE = 120;

    private final String label;
    private final int lowest;
    private final int highest;

    AgeBand(String label, int lowest, int highest) {
        this.label = label;
        this.lowest = lowest;
        this.highest = highest;
    }

    /** What stored events and releases carry, e.g. {@code 20-29}. */
    public String label() {
        return label;
    }

    /**
     * @param yearOfBirth the declared year of birth
     * @param reference   the year the age is taken in, normally the event's year (passed in so that a replay
     *                    of old events puts people in the bands they were in then)
     * @throws IllegalArgumentException for a year of birth after the reference year or more than
     *                                  {@value #OLDEST_PLAUSIBLE_AGE} years before it
     */
    public static AgeBand of(int yearOfBirth, Year reference) {
        Objects.requireNonNull(reference, "reference");
        long age = (long) reference.getValue() - yearOfBirth;
        if (age < 0 || age > OLDEST_PLAUSIBLE_AGE) {
            // the year itself is left out of the message: with other attributes it can identify someone
            throw new IllegalArgumentException("implausible year of birth for reference year " + reference);
        }
        for (AgeBand band : values()) {
            if (age >= band.lowest && age <= band.highest) {
                return band;
            }
        }
        throw new AssertionError("the bands cover 0 to " + OLDEST_PLAUSIBLE_AGE);
    }
}
