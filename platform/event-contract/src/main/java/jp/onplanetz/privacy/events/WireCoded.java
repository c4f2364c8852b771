package jp.onplanetz.privacy.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An enum whose constants have a code in the suite's wire style: lower case, words joined by hyphens
 * ({@code WEB_FORM} is {@code web-form}). The code is what APIs, events and database columns carry; how an
 * enum is written as JSON stays the enum's own choice (its annotations).
 */
public interface WireCoded {

    /** Implemented by every enum constant. */
    String name();

    default String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} whose code is {@code code}, if any. */
    static <E extends Enum<E> & WireCoded> Optional<E> ofCode(Class<E> type, String code) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.code().equals(code)).findFirst();
    }
}
