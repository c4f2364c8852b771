package jp.onplanetz.privacy.analytics.events;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.analytics.service.IncomingUsageEvent;
import jp.onplanetz.privacy.analytics.service.IngestService;
import jp.onplanetz.privacy.analytics.service.UsageCodeArbitraries;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.runtime.inbox.EventIntake;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import jp.onplanetz.privacy.runtime.problem.Problem;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The streaming parse accepts exactly the payloads the schema and the binding to the contract's record accept, and
 * reads them into the same event: over generated documents (valid ones and ones broken in every way the schema
 * speaks of, and in ways it does not), over an example of each rule, and through the reader, whose refusals keep
 * their reasons. A payload the parse refuses while the schema accepts it fails here as surely as the reverse.
 */
@QuarkusTest
class UsageEventParserTest {

    private static final long SEED = 21_2026_1208L;
    private static final int DOCUMENTS = 10_000;
    private static final String MINIMAL = "{\"occurredAt\":\"2026-11-26T09:00:00Z\",\"eventType\":\"page-view\"}";

    @Inject
    EventIntake intake;

    @Inject
    UsageEventReader reader;

    @Inject
    IngestService ingest;

    @Test
    void theParseAcceptsExactlyWhatTheSchemaAndTheBindingAcceptAndReadsTheSameEvent() {
        List<String> disagreements = new ArrayList<>();
        int accepted = 0;
        JqwikSession.start(String.valueOf(SEED));
        try {
            RandomGenerator<String> documents = document().generator(1000);
            Random random = new Random(SEED);
            for (int i = 0; i < DOCUMENTS; i++) {
                String json = documents.next(random).value();
                Optional<IncomingUsageEvent> expected = bySchema(json);
                Optional<IncomingUsageEvent> parsed = UsageEventParser.parse(json);
                // records compare their times by instant and offset: both readings must give the same offset too
                if (!expected.equals(parsed)) {
                    disagreements.add((expected.isPresent() ? "schema accepts, parse " : "schema refuses, parse ")
                            + (parsed.isPresent() ? "accepts" : "refuses") + ": " + json);
                }
                accepted += expected.isPresent() ? 1 : 0;
            }
        } finally {
            JqwikSession.finish();
        }
        assertThat(disagreements).as("documents the two readings disagree on").isEmpty();
        assertThat(accepted).as("documents the schema accepts").isBetween(DOCUMENTS / 5, DOCUMENTS * 4 / 5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void eachRuleOfTheSchemaHoldsAsTheSchemaHoldsIt(String rule, String json, boolean valid) {
        Optional<IncomingUsageEvent> expected = bySchema(json);
        assertThat(expected.isPresent()).as("the schema and the binding accept it").isEqualTo(valid);
        assertThat(UsageEventParser.parse(json)).isEqualTo(expected);
    }

    @Test
    void aTimeWithAnOffsetIsReadAtTheSameInstantInUtcAsTheBindingReadsIt() {
        IncomingUsageEvent event = UsageEventParser.parse(MINIMAL.replace("09:00:00Z", "09:00:00.5+09:00"))
                .orElseThrow();
        assertThat(event.occurredAt()).isEqualTo(OffsetDateTime.of(2026, 11, 26, 0, 0, 0, 500_000_000, ZoneOffset.UTC));
    }

    @Test
    void theReaderRefusesWithTheReasonsOfTheSchemaPathAndKeepsWhatItKept() {
        String recent = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        String valid = EventSchemas.exampleText(EventCatalogue.USAGE_EVENT_RECORDED)
                .replace("2026-11-26T09:00:00Z", recent);
        for (String json : List.of(valid, valid.replace("\"page-view\"", "\"Page\""),
                valid.replace("\"jobTitle\"", "\"email\":\"a@b.jp\",\"jobTitle\""), valid + " x", valid + "}",
                valid.replace("1988", "\"1988\""), valid.replace("1988", "1988.0"),
                valid.replace("\"eventType\"", "\"eventType\":\"a\",\"eventType\""), "", "null", "[]",
                valid.replace(recent, "2026-02-30T00:00:00Z"), valid.replace(recent, "2001-01-01T00:00:00Z"),
                valid.replace("\"anonymousId\": null", "\"anonymousId\": \"visitor\""))) {
            records.add(record(UUID.randomUUID().toString(), "2d6f1a9e-8a3c-4f6e-b0d2-5c1e7a9b3f40", json));
        }
        ConsumerRecord<String, String> noId = record(null, null, valid);
        ConsumerRecord<String, String> otherKey = record(UUID.randomUUID().toString(), "someone-else", valid);
        ConsumerRecord<String, String> noData = record(UUID.randomUUID().toString(), null, null);
        ConsumerRecord<String, String> otherType = record(UUID.randomUUID().toString(), null, valid);
        otherType.headers().remove(CloudEventHeaders.TYPE);
        otherType.headers().add(CloudEventHeaders.TYPE,
                EventCatalogue.CONSENT_GRANTED.type().getBytes(StandardCharsets.UTF_8));
        records.addAll(List.of(noId, otherKey, noData, otherType));

        int refused = 0;
        for (ConsumerRecord<String, String> record : records) {
            Object before = outcome(() -> readBySchema(record));
            Object now = outcome(() -> reader.read(record));
            assertThat(now).as(record.value()).isEqualTo(before);
            refused += before instanceof String ? 1 : 0;
        }
        assertThat(refused).isEqualTo(records.size() - 1);
    }

    @Test
    void theSchemaAlsoRefusesWhatTheParseRefusesWithAnError() {
        // the schema path throws its parser's error for malformed JSON rather than a PoisonEventException: the
        // reader lets it through unchanged, as it did
        ConsumerRecord<String, String> malformed = record(UUID.randomUUID().toString(), null, "{\"occurredAt\":");
        RuntimeException before = assertThrows(RuntimeException.class, () -> readBySchema(malformed));
        RuntimeException now = assertThrows(RuntimeException.class, () -> reader.read(malformed));
        assertThat(now).hasSameClassAs(before).hasMessage(before.getMessage());
    }

    static Stream<Arguments> examples() {
        String example = EventSchemas.exampleText(EventCatalogue.USAGE_EVENT_RECORDED);
        return Stream.of(
                Arguments.of("the published example", example, true),
                Arguments.of("only the required properties", MINIMAL, true),
                Arguments.of("every optional property null", MINIMAL.replace("}", ",\"subjectId\":null,"
                        + "\"anonymousId\":null,\"cookieId\":null,\"terminalId\":null,\"ip\":null,\"page\":null,"
                        + "\"gender\":null,\"birthYear\":null,\"address\":null,\"companyName\":null,"
                        + "\"companySize\":null,\"companySector\":null,\"jobTitle\":null}"), true),
                Arguments.of("white space around and inside", " \n{ \"occurredAt\" : \"2026-11-26T09:00:00Z\" ,\t"
                        + "\"eventType\":\"page-view\"\r\n} \n", true),
                Arguments.of("a name written with escapes", MINIMAL.replace("\"eventType\"", "\"event\\u0054ype\""),
                        true),
                Arguments.of("an array", "[" + MINIMAL + "]", false),
                Arguments.of("a string", "\"page-view\"", false),
                Arguments.of("null", "null", false),
                Arguments.of("nothing", "", false),
                Arguments.of("only white space", "  ", false),
                Arguments.of("malformed", MINIMAL.substring(0, 20), false),
                Arguments.of("a comment", MINIMAL.replace(",", " /* c */ ,"), false),
                Arguments.of("a trailing comma", MINIMAL.replace("}", ",}"), false),
                Arguments.of("something after the object", MINIMAL + " x", false),
                Arguments.of("a second object", MINIMAL + "{}", false),
                Arguments.of("a closing bracket after the object", MINIMAL + "]", false),
                Arguments.of("no occurredAt", "{\"eventType\":\"page-view\"}", false),
                Arguments.of("no eventType", "{\"occurredAt\":\"2026-11-26T09:00:00Z\"}", false),
                Arguments.of("occurredAt null", MINIMAL.replace("\"2026-11-26T09:00:00Z\"", "null"), false),
                Arguments.of("eventType null", MINIMAL.replace("\"page-view\"", "null"), false),
                Arguments.of("a property the schema does not know", MINIMAL.replace("}", ",\"email\":\"a@b.jp\"}"),
                        false),
                Arguments.of("a property named in another case", MINIMAL.replace("}", ",\"SubjectId\":\"s\"}"), false),
                Arguments.of("a property given twice", MINIMAL.replace("}", ",\"eventType\":\"page-view\"}"), false),
                Arguments.of("an optional property given twice", MINIMAL.replace("}",
                        ",\"page\":null,\"page\":null}"), false),
                Arguments.of("a number for text", MINIMAL.replace("}", ",\"subjectId\":12345}"), false),
                Arguments.of("a boolean for text", MINIMAL.replace("}", ",\"page\":true}"), false),
                Arguments.of("an object for text", MINIMAL.replace("}", ",\"address\":{\"city\":\"x\"}}"), false),
                Arguments.of("an array for text", MINIMAL.replace("}", ",\"jobTitle\":[\"x\"]}"), false),
                Arguments.of("a number for the time", MINIMAL.replace("\"2026-11-26T09:00:00Z\"", "1764147600"),
                        false),
                Arguments.of("the year as text", MINIMAL.replace("}", ",\"birthYear\":\"1988\"}"), false),
                Arguments.of("the year as a fraction", MINIMAL.replace("}", ",\"birthYear\":1988.0}"), false),
                Arguments.of("the year in exponent notation", MINIMAL.replace("}", ",\"birthYear\":1988e0}"), false),
                Arguments.of("the year 1799", MINIMAL.replace("}", ",\"birthYear\":1799}"), false),
                Arguments.of("the year 1800", MINIMAL.replace("}", ",\"birthYear\":1800}"), true),
                Arguments.of("the year 9999", MINIMAL.replace("}", ",\"birthYear\":9999}"), true),
                Arguments.of("the year 10000", MINIMAL.replace("}", ",\"birthYear\":10000}"), false),
                Arguments.of("a year beyond any integer", MINIMAL.replace("}",
                        ",\"birthYear\":123456789012345678901234567890}"), false),
                Arguments.of("an empty identifier", MINIMAL.replace("}", ",\"cookieId\":\"\"}"), false),
                Arguments.of("an identifier of 128 code points in 256 units", MINIMAL.replace("}",
                        ",\"subjectId\":\"" + "\uD83D\uDE00".repeat(128) + "\"}"), true),
                Arguments.of("an identifier of 129 code points", MINIMAL.replace("}",
                        ",\"subjectId\":\"" + "\uD83D\uDE00".repeat(129) + "\"}"), false),
                Arguments.of("an identifier of a lone surrogate", MINIMAL.replace("}", ",\"terminalId\":\"\\uD800\"}"),
                        true),
                Arguments.of("an ip of one code point in two units", MINIMAL.replace("}",
                        ",\"ip\":\"\uD83D\uDE00\"}"), false),
                Arguments.of("an ip of two characters", MINIMAL.replace("}", ",\"ip\":\"::\"}"), true),
                Arguments.of("an ip of 65 characters", MINIMAL.replace("}", ",\"ip\":\"" + "1".repeat(65) + "\"}"),
                        false),
                Arguments.of("an address of 512 characters", MINIMAL.replace("}",
                        ",\"address\":\"" + "東".repeat(512) + "\"}"), true),
                Arguments.of("an address of 513 characters", MINIMAL.replace("}",
                        ",\"address\":\"" + "東".repeat(513) + "\"}"), false),
                Arguments.of("a company size of 33 characters", MINIMAL.replace("}",
                        ",\"companySize\":\"" + "9".repeat(33) + "\"}"), false),
                Arguments.of("a company sector of 65 characters", MINIMAL.replace("}",
                        ",\"companySector\":\"" + "E".repeat(65) + "\"}"), false),
                Arguments.of("a company name of 257 characters", MINIMAL.replace("}",
                        ",\"companyName\":\"" + "K".repeat(257) + "\"}"), false),
                Arguments.of("a job title of 256 characters", MINIMAL.replace("}",
                        ",\"jobTitle\":\"" + "j".repeat(256) + "\"}"), true),
                Arguments.of("an upper-case event type", MINIMAL.replace("page-view", "Page-view"), false),
                Arguments.of("an event type with a line end", MINIMAL.replace("page-view", "page-view\\n"), false),
                Arguments.of("an event type of 64 characters", MINIMAL.replace("page-view", "a".repeat(64)), true),
                Arguments.of("an event type of 65 characters", MINIMAL.replace("page-view", "a".repeat(65)), false),
                Arguments.of("a page with a query", MINIMAL.replace("}", ",\"page\":\"/plans?id=1\"}"), false),
                Arguments.of("a page that is a feature code", MINIMAL.replace("}", ",\"page\":\"checkout.confirm\"}"),
                        true),
                Arguments.of("a page of 257 characters", MINIMAL.replace("}",
                        ",\"page\":\"/" + "p".repeat(256) + "\"}"), false),
                Arguments.of("a gender the schema does not list", MINIMAL.replace("}", ",\"gender\":\"Female\"}"),
                        false),
                Arguments.of("a listed gender", MINIMAL.replace("}", ",\"gender\":\"unspecified\"}"), true),
                Arguments.of("a time in lower case", MINIMAL.replace("T09:00:00Z", "t09:00:00z"), true),
                Arguments.of("a time with an offset", MINIMAL.replace("Z", "-00:00"), true),
                Arguments.of("a time with nine digits of fraction", MINIMAL.replace("Z", ".123456789Z"), true),
                Arguments.of("a time with ten digits of fraction", MINIMAL.replace("Z", ".1234567891Z"), false),
                Arguments.of("a time with a dot and no fraction", MINIMAL.replace("Z", ".Z"), false),
                Arguments.of("a time without seconds", MINIMAL.replace("09:00:00Z", "09:00Z"), false),
                Arguments.of("a time with a space for T", MINIMAL.replace("T09", " 09"), false),
                Arguments.of("a time without an offset", MINIMAL.replace("09:00:00Z", "09:00:00"), false),
                Arguments.of("an offset without a colon", MINIMAL.replace("Z", "+0900"), false),
                Arguments.of("an offset of 18 hours", MINIMAL.replace("Z", "+18:00"), true),
                Arguments.of("an offset beyond 18 hours", MINIMAL.replace("Z", "+19:00"), false),
                Arguments.of("a leap second", MINIMAL.replace("2026-11-26T09:00:00", "2016-12-31T23:59:60"), false),
                Arguments.of("hour 24", MINIMAL.replace("T09", "T24"), false),
                Arguments.of("the 29th of February of a leap year", MINIMAL.replace("2026-11-26", "2024-02-29"), true),
                Arguments.of("the 29th of February of another year", MINIMAL.replace("11-26", "02-29"), false),
                Arguments.of("the year 0000", MINIMAL.replace("2026-11-26", "0000-01-01"), true),
                Arguments.of("a signed year", MINIMAL.replace("2026-11-26", "+2026-11-26"), false),
                Arguments.of("a time with white space", MINIMAL.replace("\"2026-11-26T09:00:00Z\"",
                        "\" 2026-11-26T09:00:00Z\""), false));
    }

    /** Today's reading: the schema, then the binding to the contract's record; empty when either refuses. */
    private Optional<IncomingUsageEvent> bySchema(String json) {
        try {
            ReceivedEvent event = ReceivedEvent.of(record(UUID.randomUUID().toString(), null, json));
            return Optional.of(IncomingUsageEvent.of(intake.payload(event, EventCatalogue.USAGE_EVENT_RECORDED)));
        } catch (RuntimeException refused) {
            // a poison event, or the validator's own parser refusing malformed JSON
            return Optional.empty();
        }
    }

    /** The record read as it was before the streaming parse: the schema path, then the field rules. */
    private IngestService.Delivered readBySchema(ConsumerRecord<String, String> record) {
        ReceivedEvent event = ReceivedEvent.of(record);
        if (!event.is(EventCatalogue.USAGE_EVENT_RECORDED)) {
            throw new PoisonEventException("event " + event.id() + ": " + event.type() + " is not published to "
                    + EventCatalogue.USAGE_TOPIC);
        }
        IncomingUsageEvent usage = IncomingUsageEvent.of(intake.payload(event, EventCatalogue.USAGE_EVENT_RECORDED));
        List<Problem.InvalidParam> invalid = ingest.violations(usage, "");
        if (!invalid.isEmpty()) {
            throw new PoisonEventException("event " + event.id() + ": invalid usage event: " + String.join("; ",
                    invalid.stream().map(p -> p.name() + ": " + p.reason()).toList()));
        }
        return new IngestService.Delivered(event.id(), record.partition(), usage);
    }

    /** What a reading came to: the event it yields, or the kind and message of its refusal. */
    private static Object outcome(Supplier<IngestService.Delivered> reading) {
        try {
            return reading.get();
        } catch (RuntimeException refused) {
            return refused.getClass().getName() + ": " + refused.getMessage();
        }
    }

    private static ConsumerRecord<String, String> record(String id, String key, String json) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(EventCatalogue.USAGE_TOPIC, 0, 0L, key, json);
        if (id != null) {
            record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add(CloudEventHeaders.SOURCE, "/test".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE,
                EventCatalogue.USAGE_EVENT_RECORDED.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SUBJECT,
                "2d6f1a9e-8a3c-4f6e-b0d2-5c1e7a9b3f40".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    // ---- generated documents

    /** A property and the JSON text of its value. */
    private record Property(String name, String value) {
    }

    private static final String[] NAMES = {"subjectId", "anonymousId", "cookieId", "terminalId", "ip", "occurredAt",
            "eventType", "page", "gender", "birthYear", "address", "companyName", "companySize", "companySector",
            "jobTitle"};

    /** Values of any JSON kind, for a property that expects another or for one the schema does not know. */
    private static final String[] STRAY_VALUES = {"12", "-1", "0", "-0", "1988", "1988.0", "1.988e3", "1e400",
            "12345678901234567890", "\"1988\"", "true", "false", "null", "{}", "[]", "[1,2]", "\"\"", "\"x\"",
            "{\"a\":{\"b\":[null,{\"c\":\"d\"}]}}", "[".repeat(60) + "]".repeat(60), "\"2026-11-26T09:00:00Z\"",
            "\"page-view\"", "\"female\"", "\"" + "x".repeat(300) + "\""};
    private static final String[] STRAY_NAMES = {"email", "SubjectId", "subjectid", "", "occurredAt ", "event_type",
            "__proto__", "\\u0065ventType", "birthyear", "gender\\u0000"};
    private static final String[] TRAILERS = {" ", "\n", "x", "{}", "]", "}", ",", "null", "\u0000", "//", " \t\r\n"};

    private static Arbitrary<String> document() {
        List<Arbitrary<Optional<Property>>> properties = new ArrayList<>();
        for (String name : NAMES) {
            Arbitrary<String> value = value(name);
            boolean required = name.equals("occurredAt") || name.equals("eventType");
            properties.add(Arbitraries.frequencyOf(Tuple.of(required ? 30 : 2, value.map(v -> Optional.of(
                    new Property(name, v)))), Tuple.of(1, Arbitraries.just(Optional.empty()))));
        }
        Arbitrary<List<Property>> present = Combinators.combine(properties)
                .as(all -> all.stream().flatMap(Optional::stream).toList());
        return Combinators.combine(present, Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Breakage.NONE)),
                Tuple.of(4, Arbitraries.of(Breakage.values()))), Arbitraries.longs())
                .as((props, breakage, seed) -> breakage.apply(new ArrayList<>(props), new Random(seed)));
    }

    /** How a document is broken (or left alone); the choices within a breakage come from its own seed. */
    private enum Breakage {
        NONE, STRAY_VALUE, REMOVED, UNKNOWN_PROPERTY, TWICE, NULL, ESCAPED_NAME, TRAILER, CUT, CHARACTER, NOT_AN_OBJECT;

        String apply(List<Property> props, Random random) {
            Collections.shuffle(props, random);
            int at = props.isEmpty() ? 0 : random.nextInt(props.size());
            switch (this) {
                case STRAY_VALUE -> {
                    if (!props.isEmpty()) {
                        props.set(at, new Property(props.get(at).name(), pick(STRAY_VALUES, random)));
                    }
                }
                case REMOVED -> {
                    if (!props.isEmpty()) {
                        props.remove(at);
                    }
                }
                case UNKNOWN_PROPERTY -> props.add(random.nextInt(props.size() + 1),
                        new Property(pick(STRAY_NAMES, random), pick(STRAY_VALUES, random)));
                case TWICE -> {
                    if (!props.isEmpty()) {
                        Property again = random.nextBoolean() ? props.get(at)
                                : new Property(props.get(at).name(), pick(STRAY_VALUES, random));
                        props.add(random.nextInt(props.size() + 1), again);
                    }
                }
                case NULL -> {
                    if (!props.isEmpty()) {
                        props.set(at, new Property(props.get(at).name(), "null"));
                    }
                }
                case ESCAPED_NAME -> {
                    if (!props.isEmpty()) {
                        String name = props.get(at).name();
                        int c = random.nextInt(name.length());
                        props.set(at, new Property(name.substring(0, c) + String.format("\\u%04x", (int) name.charAt(c))
                                + name.substring(c + 1), props.get(at).value()));
                    }
                }
                default -> {
                }
            }
            String json = render(props, random);
            return switch (this) {
                case TRAILER -> json + pick(TRAILERS, random);
                case CUT -> json.substring(0, random.nextInt(json.length()));
                case CHARACTER -> {
                    int where = random.nextInt(json.length());
                    String pool = "{}[]\":,\\ 0a-.\u0000\uD800é";
                    char c = pool.charAt(random.nextInt(pool.length()));
                    yield random.nextBoolean() ? json.substring(0, where) + c + json.substring(where)
                            : json.substring(0, where) + json.substring(where + 1);
                }
                case NOT_AN_OBJECT -> random.nextBoolean() ? "[" + json + "]" : pick(STRAY_VALUES, random);
                default -> json;
            };
        }
    }

    private static String render(List<Property> props, Random random) {
        String[] space = {"", "", "", " ", "\n", "\t", "\r\n  "};
        StringBuilder json = new StringBuilder(pick(space, random)).append('{');
        for (int i = 0; i < props.size(); i++) {
            json.append(i == 0 ? "" : ",").append(pick(space, random)).append('"').append(props.get(i).name())
                    .append('"').append(pick(space, random)).append(':').append(pick(space, random))
                    .append(props.get(i).value());
        }
        return json.append(pick(space, random)).append('}').append(pick(space, random)).toString();
    }

    private static String pick(String[] choices, Random random) {
        return choices[random.nextInt(choices.length)];
    }

    /** The values a property is generated with: mostly of its kind, sometimes near or across its limits. */
    private static Arbitrary<String> value(String name) {
        return Arbitraries.frequencyOf(Tuple.of(6, typical(name)), Tuple.of(1, edge(name)));
    }

    private static Arbitrary<String> typical(String name) {
        return switch (name) {
            case "subjectId", "anonymousId", "cookieId", "terminalId" -> nullOr(text(1, 40));
            case "ip" -> nullOr(text(2, 20));
            case "occurredAt" -> Arbitraries.oneOf(dateTime(false), recent()).map(UsageEventParserTest::quoted);
            case "eventType" -> UsageCodeArbitraries.dottedCode().map(UsageEventParserTest::quoted);
            case "page" -> nullOr(Arbitraries.oneOf(UsageCodeArbitraries.dottedCode(), UsageCodeArbitraries.path()));
            case "gender" -> nullOr(Arbitraries.of("female", "male", "other", "unspecified"));
            case "birthYear" -> Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("null")),
                    Tuple.of(5, Arbitraries.integers().between(1800, 9999).map(String::valueOf)));
            case "address", "companyName", "jobTitle" -> nullOr(text(0, 40));
            case "companySize", "companySector" -> nullOr(text(0, 8));
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Arbitrary<String> edge(String name) {
        return switch (name) {
            case "subjectId", "anonymousId", "cookieId", "terminalId" -> nullOr(text(0, 130));
            case "ip" -> nullOr(text(0, 66));
            case "occurredAt" -> Arbitraries.oneOf(dateTime(true), UsageCodeArbitraries.nearMiss(dateTime(false)))
                    .map(UsageEventParserTest::quoted);
            case "eventType" -> UsageCodeArbitraries.nearMiss(UsageCodeArbitraries.dottedCode()).map(UsageEventParserTest::quoted);
            case "page" -> nullOr(Arbitraries.oneOf(UsageCodeArbitraries.nearMiss(UsageCodeArbitraries.dottedCode()), UsageCodeArbitraries.nearMiss(UsageCodeArbitraries.path()),
                    Arbitraries.integers().between(250, 260).map(n -> "/" + "p".repeat(n - 1))));
            case "gender" -> nullOr(Arbitraries.of("Female", "", "x", "female "));
            case "birthYear" -> Arbitraries.oneOf(Arbitraries.of("1799", "1800", "9999", "10000", "-1800",
                    "2147483648", "1988.0", "1.988e3", "19880e-1", "\"1988\""),
                    Arbitraries.integers().between(1700, 10100).map(String::valueOf));
            case "address" -> nullOr(text(505, 515));
            case "companyName", "jobTitle" -> nullOr(text(250, 260));
            case "companySize" -> nullOr(text(28, 36));
            case "companySector" -> nullOr(text(60, 68));
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Arbitrary<String> nullOr(Arbitrary<String> text) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("null")),
                Tuple.of(5, text.map(UsageEventParserTest::quoted)));
    }

    /**
     * Text of {@code min} to {@code max} code points, or a short one, of every kind a sender may put in: letters,
     * Japanese, pairs of surrogates (two units, one code point), lone surrogates, controls, quotes and backslashes.
     */
    private static Arbitrary<String> text(int min, int max) {
        // the characters come from a seed of their own: jqwik's generated lists of hundreds of elements would cost
        // more than everything else the test does
        Arbitrary<Integer> length = Arbitraries.oneOf(Arbitraries.integers().between(min, max),
                Arbitraries.integers().between(0, 3));
        return Combinators.combine(length, Arbitraries.longs()).as((n, seed) -> {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(18);
                if (kind < 10) {
                    text.append((char) ('a' + random.nextInt(26)));
                } else if (kind < 13) {
                    text.append((char) (0x3041 + random.nextInt(0x9fa0 - 0x3041)));
                } else if (kind < 15) {
                    text.appendCodePoint(0x1F300 + random.nextInt(0x800));
                } else if (kind == 15) {
                    text.append((char) (0xD800 + random.nextInt(0x800)));
                } else if (kind == 16) {
                    text.append((char) random.nextInt(0x20));
                } else {
                    text.append("\"\\/ \u2028\u00e9".charAt(random.nextInt(6)));
                }
            }
            return text.toString();
        });
    }

    /** Date-times of RFC 3339's shape; at the edges, every part sometimes out of its range or written another way. */
    private static Arbitrary<String> dateTime(boolean edges) {
        Arbitrary<String> year = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(1990, 2100)),
                Tuple.of(2, Arbitraries.integers().between(0, 9999))).map(y -> String.format("%04d", y));
        Arbitrary<String> month = twoDigits(1, 12, 13, edges);
        Arbitrary<String> day = twoDigits(1, 28, 32, edges);
        Arbitrary<String> hour = twoDigits(0, 23, 24, edges);
        Arbitrary<String> minute = twoDigits(0, 59, 60, edges);
        Arbitrary<String> second = twoDigits(0, 59, 60, edges);
        Arbitrary<String> fraction = sometimes(Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("")),
                        Tuple.of(1, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(9).map(f -> "." + f))),
                Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(12).map(f -> "." + f), edges);
        Arbitrary<String> offset = sometimes(Arbitraries.oneOf(Arbitraries.of("Z", "z"),
                        Combinators.combine(Arbitraries.of("+", "-"), twoDigits(0, 17, 24, edges),
                                twoDigits(0, 59, 60, edges)).as((sign, h, m) -> sign + h + ":" + m)),
                Arbitraries.of("+0900", "+09", "+09:00:00", "-00:00", "+18:00", "+18:01", "", "UTC"), edges);
        Arbitrary<String> separator = sometimes(Arbitraries.just("T"), Arbitraries.of("t", " ", ""), edges);
        Arbitrary<String> date = Combinators.combine(year, month, day).as((y, m, d) -> y + "-" + m + "-" + d);
        Arbitrary<String> time = Combinators.combine(hour, minute, second, fraction, offset)
                .as((h, m, s, f, o) -> h + ":" + m + ":" + s + f + o);
        return Combinators.combine(date, separator, time).as((d, t, rest) -> d + t + rest);
    }

    /** Times the field rules let through too (an hour ago), so that the reader's whole way is compared. */
    private static Arbitrary<String> recent() {
        return Arbitraries.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .format(OffsetDateTime.now(ZoneOffset.UTC).minusHours(1)), DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .format(OffsetDateTime.now(ZoneOffset.ofHours(9)).minusHours(1)));
    }

    /** Two digits from {@code from} to {@code to}; at the edges sometimes anything up to {@code beyond}. */
    private static Arbitrary<String> twoDigits(int from, int to, int beyond, boolean edges) {
        return sometimes(Arbitraries.integers().between(from, to), Arbitraries.integers().between(0, beyond), edges)
                .map(n -> String.format("%02d", n));
    }

    /** The usual values, or at the edges one time in ten the odd ones. */
    private static <T> Arbitrary<T> sometimes(Arbitrary<T> usual, Arbitrary<T> odd, boolean edges) {
        return edges ? Arbitraries.frequencyOf(Tuple.of(9, usual), Tuple.of(1, odd)) : usual;
    }

    /** A JSON string of the text, some characters written as escapes (as a sender's serializer may). */
    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || (c * 31 + i) % 17 == 0) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
