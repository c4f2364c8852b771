package jp.onplanetz.privacy.analytics.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jp.onplanetz.privacy.analytics.service.IncomingUsageEvent;
import jp.onplanetz.privacy.analytics.service.UsageEventSyntax;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Reads the payload of {@code usage.event-recorded.v1} in one pass over its tokens, enforcing what its schema states
 * and what binding it to its record adds: an object with no other properties than the schema's, each at most once,
 * {@code occurredAt} and {@code eventType} present and not null, text where the schema says text (its length counted
 * in code points, as JSON Schema counts), the two patterns, the enumerated genders, a year of birth written as an
 * integer from 1800 to 9999, an RFC 3339 date-time that {@link OffsetDateTime} can hold, and nothing after the object.
 * <p>
 * It only says whether the payload is acceptable; why it is not is worded by the schema validator
 * ({@link UsageEventReader}), so a dead letter's reason is the validator's. The two must accept exactly the same
 * payloads: the tests compare them over generated documents, valid and broken.
 */
final class UsageEventParser {

    private static final JsonFactory JSON = new JsonFactory();

    private static final int SUBJECT_ID = 0;
    private static final int ANONYMOUS_ID = 1;
    private static final int COOKIE_ID = 2;
    private static final int TERMINAL_ID = 3;
    private static final int IP = 4;
    private static final int OCCURRED_AT = 5;
    private static final int EVENT_TYPE = 6;
    private static final int PAGE = 7;
    private static final int GENDER = 8;
    private static final int BIRTH_YEAR = 9;
    private static final int ADDRESS = 10;
    private static final int COMPANY_NAME = 11;
    private static final int COMPANY_SIZE = 12;
    private static final int COMPANY_SECTOR = 13;
    private static final int JOB_TITLE = 14;
    private static final int FIELDS = 15;
    private static final int REQUIRED = 1 << OCCURRED_AT | 1 << EVENT_TYPE;

    private UsageEventParser() {
    }

    /** The event, or empty when the payload breaks the schema or cannot be bound to the event's record. */
    static Optional<IncomingUsageEvent> parse(String payload) {
        try (JsonParser json = JSON.createParser(payload)) {
            return Optional.ofNullable(read(json));
        } catch (IOException | DateTimeException refused) {
            // malformed JSON, or a date-time java.time cannot hold: refused like anything else the schema refuses
            return Optional.empty();
        }
    }

    private static IncomingUsageEvent read(JsonParser json) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String[] text = new String[FIELDS];
        OffsetDateTime occurredAt = null;
        Integer birthYear = null;
        int seen = 0;
        String name;
        while ((name = json.nextFieldName()) != null) {
            int field = field(name);
            if (field < 0 || (seen & 1 << field) != 0) {
                return null;
            }
            seen |= 1 << field;
            JsonToken value = json.nextToken();
            if (value == JsonToken.VALUE_NULL && field != OCCURRED_AT && field != EVENT_TYPE) {
                continue;
            }
            if (field == BIRTH_YEAR) {
                // an integral number written as a fraction (1988.0) is refused by the binding, not by the schema
                if (value != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT
                        || json.getIntValue() < 1800 || json.getIntValue() > 9999) {
                    return null;
                }
                birthYear = json.getIntValue();
                continue;
            }
            if (value != JsonToken.VALUE_STRING) {
                return null;
            }
            String s = json.getText();
            if (field == OCCURRED_AT) {
                occurredAt = dateTime(s);
                if (occurredAt == null) {
                    return null;
                }
                continue;
            }
            boolean valid = switch (field) {
                case SUBJECT_ID, ANONYMOUS_ID, COOKIE_ID, TERMINAL_ID -> lengthWithin(s, 1, 128);
                case IP -> lengthWithin(s, 2, 64);
                // the patterns admit ASCII only, so UTF-16 units are code points here
                case EVENT_TYPE -> s.length() <= 64 && UsageEventSyntax.isDottedCode(s);
                case PAGE -> s.length() <= 256 && UsageEventSyntax.isPage(s);
                case GENDER -> isGender(s);
                case ADDRESS -> lengthWithin(s, 0, 512);
                case COMPANY_NAME, JOB_TITLE -> lengthWithin(s, 0, 256);
                case COMPANY_SIZE -> lengthWithin(s, 0, 32);
                case COMPANY_SECTOR -> lengthWithin(s, 0, 64);
                default -> throw new IllegalStateException("no rule for field " + field);
            };
            if (!valid) {
                return null;
            }
            text[field] = s;
        }
        // nextFieldName stops at the object's end or at anything that is not a name, which the parser reports
        if (!json.hasToken(JsonToken.END_OBJECT) || (seen & REQUIRED) != REQUIRED || json.nextToken() != null) {
            return null;
        }
        return new IncomingUsageEvent(text[SUBJECT_ID], text[ANONYMOUS_ID], text[COOKIE_ID], text[TERMINAL_ID],
                text[IP], occurredAt, text[EVENT_TYPE], text[PAGE], text[GENDER], birthYear, text[ADDRESS],
                text[COMPANY_NAME], text[COMPANY_SIZE], text[COMPANY_SECTOR], text[JOB_TITLE]);
    }

    private static int field(String name) {
        return switch (name) {
            case "subjectId" -> SUBJECT_ID;
            case "anonymousId" -> ANONYMOUS_ID;
            case "cookieId" -> COOKIE_ID;
            case "terminalId" -> TERMINAL_ID;
            case "ip" -> IP;
            case "occurredAt" -> OCCURRED_AT;
            case "eventType" -> EVENT_TYPE;
            case "page" -> PAGE;
            case "gender" -> GENDER;
            case "birthYear" -> BIRTH_YEAR;
            case "address" -> ADDRESS;
            case "companyName" -> COMPANY_NAME;
            case "companySize" -> COMPANY_SIZE;
            case "companySector" -> COMPANY_SECTOR;
            case "jobTitle" -> JOB_TITLE;
            default -> -1;
        };
    }

    /** Whether the text has {@code min} to {@code max} code points (JSON Schema's length). */
    private static boolean lengthWithin(String text, int min, int max) {
        int units = text.length();
        // a code point is one or two UTF-16 units: count them only when the units alone do not decide
        if (units >= 2 * min && units <= max) {
            return true;
        }
        int codePoints = text.codePointCount(0, units);
        return codePoints >= min && codePoints <= max;
    }

    private static boolean isGender(String text) {
        return switch (text) {
            case "female", "male", "other", "unspecified" -> true;
            default -> false;
        };
    }

    /**
     * RFC 3339's {@code date-time} ({@code 2026-11-26T09:00:00.5+09:00}, {@code T} and {@code Z} in either case) with
     * what {@link OffsetDateTime} adds: at most nine digits of fraction, no leap second, an offset within 18 hours.
     * As the binding reads it: at the same instant in UTC.
     */
    private static OffsetDateTime dateTime(String s) {
        int n = s.length();
        if (n < 20 || !digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 7) || s.charAt(7) != '-'
                || !digits(s, 8, 10) || (s.charAt(10) != 'T' && s.charAt(10) != 't') || !digits(s, 11, 13)
                || s.charAt(13) != ':' || !digits(s, 14, 16) || s.charAt(16) != ':' || !digits(s, 17, 19)) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int fractionDigits = i - start;
            if (fractionDigits == 0 || fractionDigits > 9) {
                return null;
            }
            nanos = number(s, start, i);
            for (int d = fractionDigits; d < 9; d++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return null;
        }
        ZoneOffset offset;
        char zone = s.charAt(i);
        if ((zone == 'Z' || zone == 'z') && i + 1 == n) {
            offset = ZoneOffset.UTC;
        } else if ((zone == '+' || zone == '-') && i + 6 == n && digits(s, i + 1, i + 3) && s.charAt(i + 3) == ':'
                && digits(s, i + 4, i + 6)) {
            int hours = number(s, i + 1, i + 3);
            int minutes = number(s, i + 4, i + 6);
            if (minutes > 59 || hours > 18 || hours == 18 && minutes > 0) {
                return null;
            }
            int seconds = (hours * 60 + minutes) * 60;
            offset = ZoneOffset.ofTotalSeconds(zone == '-' ? -seconds : seconds);
        } else {
            return null;
        }
        int hour = number(s, 11, 13);
        int minute = number(s, 14, 16);
        int second = number(s, 17, 19);
        if (hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        // an impossible day (the 30th of February) is a DateTimeException: refused
        return OffsetDateTime.of(number(s, 0, 4), number(s, 5, 7), number(s, 8, 10), hour, minute, second, nanos,
                offset).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (s.charAt(i) - '0');
        }
        return value;
    }
}
