package jp.onplanetz.privacy.analytics.anonymisation;

import java.text.Normalizer;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces a Japanese postal address to its prefecture and region; nothing else of the address survives, and
 * an address in which no prefecture can be recognised becomes {@value #UNKNOWN}, never its own text.
 * <p>
 * The text is first NFKC-normalised (full-width letters and digits become ASCII), then read in this order:
 * <ol>
 * <li><b>Japanese prefecture names with their suffix</b> (東京都, 北海道, 京都府, 神奈川県, ...), anywhere; the
 * earliest wins, since a Japanese address starts with the prefecture. The suffix is required: without it 福島
 * would match 大阪市福島区 and 京都 would match 東京都. Earliest-wins also settles 東京都府中市, which contains
 * 京都府 one character after 東京都.</li>
 * <li><b>Ordinance-designated cities</b> (政令指定都市: 横浜市, 京都市, 大阪市, ...) at the very start, after
 * an optional 〒 postal code and 日本: their addresses are commonly written without the prefecture. Only at the
 * start, because 北広島市 (Hokkaido) contains 広島市 and 東大阪市 contains 大阪市.</li>
 * <li><b>Romanised names</b> (Tokyo, Tōkyō, Toukyou, Osaka-fu, Hyogo Prefecture, ...), as whole words, ignoring
 * case and long-vowel spelling (ō, ô, ou and oo all read as o; no prefecture's name has ou or oo in it). A
 * name followed by its prefecture suffix (-to, -fu, -ken, Prefecture) is preferred; then a bare name; then a
 * name that is followed by a municipal suffix (-shi, -ku, city, ...), as in Fukushima-ku, a ward of Osaka.
 * Among equals the last wins, because a romanised address puts the prefecture after the town.</li>
 * </ol>
 * What this does not do: towns named without prefecture other than the designated cities, romanised city
 * names (Yokohama, Sakai) and old spellings (Gumma) give {@value #UNKNOWN}. Unknown is safe, just less useful.
 */
public final class AddressGeneraliser {

    public static final String UNKNOWN = "unknown";

    /** The generalised address: an ISO 3166-2:JP prefecture code and a region code, or both unknown. */
    public record Area(String prefecture, String region) {
        public static final Area UNKNOWN_AREA = new Area(UNKNOWN, UNKNOWN);

        static Area of(Prefecture prefecture) {
            return new Area(prefecture.isoCode(), prefecture.region().code());
        }
    }

    private static final Map<String, Prefecture> DESIGNATED_CITIES = designatedCities();
    private static final Map<Prefecture, Pattern> ROMANISED_WORDS = new EnumMap<>(Prefecture.class);
    private static final Map<Prefecture, Pattern> OWN_SUFFIXES = new EnumMap<>(Prefecture.class);

    static {
        for (Prefecture prefecture : Prefecture.values()) {
            String name = prefecture.romanisedName().toLowerCase(Locale.ROOT);
            ROMANISED_WORDS.put(prefecture, Pattern.compile("(?<![a-z])" + name + "(?![a-z])"));
            ownSuffix(prefecture).ifPresent(suffix ->
                    OWN_SUFFIXES.put(prefecture, Pattern.compile("^[\\s-]*" + suffix + "(?![a-z])")));
        }
    }

    private static final Pattern LEADING_POSTAL_PART =
            Pattern.compile("^\\s*(?:〒\\s*)?(?:\\d{3}-?\\d{4})?\\s*(?:日本国?|japan)?[\\s,、]*",
                    Pattern.CASE_INSENSITIVE);

    private static final Pattern PREFECTURE_SUFFIX = Pattern.compile("^[\\s-]*(?:prefecture|pref\\b)");
    private static final Pattern MUNICIPAL_SUFFIX =
            Pattern.compile("^[\\s-]*(?:shi|ku|cho|machi|mura|son|gun|city|ward|town|village)(?![a-z])");

    private AddressGeneraliser() {
    }

    /** The prefecture and region codes, e.g. {@code JP-13} and {@code kanto}, or {@value #UNKNOWN} for both. */
    public static Area generalise(String address) {
        return prefectureOf(address).map(Area::of).orElse(Area.UNKNOWN_AREA);
    }

    /** The recognised prefecture; empty for null, blank or unrecognised text. */
    public static Optional<Prefecture> prefectureOf(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        String text = Normalizer.normalize(address, Normalizer.Form.NFKC);
        Optional<Prefecture> found = byJapaneseName(text);
        if (found.isEmpty()) {
            found = byDesignatedCity(text);
        }
        if (found.isEmpty()) {
            found = byRomanisedName(text);
        }
        return found;
    }

    private static Optional<Prefecture> byJapaneseName(String text) {
        Prefecture earliest = null;
        int earliestIndex = Integer.MAX_VALUE;
        for (Prefecture prefecture : Prefecture.values()) {
            int index = text.indexOf(prefecture.japaneseName());
            if (index >= 0 && index < earliestIndex) {
                earliest = prefecture;
                earliestIndex = index;
            }
        }
        return Optional.ofNullable(earliest);
    }

    private static Optional<Prefecture> byDesignatedCity(String text) {
        Matcher leading = LEADING_POSTAL_PART.matcher(text);
        String rest = leading.lookingAt() ? text.substring(leading.end()) : text;
        for (Map.Entry<String, Prefecture> city : DESIGNATED_CITIES.entrySet()) {
            if (rest.startsWith(city.getKey())) {
                return Optional.of(city.getValue());
            }
        }
        return Optional.empty();
    }

    private static Optional<Prefecture> byRomanisedName(String text) {
        String plain = romanisedForm(text);
        Prefecture best = null;
        int bestStrength = -1;
        int bestIndex = -1;
        for (Prefecture prefecture : Prefecture.values()) {
            Matcher matcher = ROMANISED_WORDS.get(prefecture).matcher(plain);
            while (matcher.find()) {
                int strength = strength(prefecture, plain.substring(matcher.end()));
                if (strength > bestStrength || (strength == bestStrength && matcher.start() > bestIndex)) {
                    best = prefecture;
                    bestStrength = strength;
                    bestIndex = matcher.start();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** 2: followed by the prefecture's own suffix; 1: bare; 0: followed by a municipal suffix. */
    private static int strength(Prefecture prefecture, String following) {
        Pattern own = OWN_SUFFIXES.get(prefecture);
        if (PREFECTURE_SUFFIX.matcher(following).lookingAt() || (own != null && own.matcher(following).lookingAt())) {
            return 2;
        }
        return MUNICIPAL_SUFFIX.matcher(following).lookingAt() ? 0 : 1;
    }

    /** -to for 都, -fu for 府, -ken for 県; Hokkaido's 道 is part of its name, so it has none. */
    private static Optional<String> ownSuffix(Prefecture prefecture) {
        String japanese = prefecture.japaneseName();
        String romanised = switch (japanese.charAt(japanese.length() - 1)) {
            case '都' -> "to";
            case '府' -> "fu";
            case '県' -> "ken";
            default -> null;
        };
        return Optional.ofNullable(romanised);
    }

    /** Lower case, accents stripped (ō → o), and the long o spelt ou or oo shortened, as the names are kept. */
    private static String romanisedForm(String text) {
        String stripped = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return stripped.toLowerCase(Locale.ROOT).replace("ou", "o").replace("oo", "o");
    }

    private static Map<String, Prefecture> designatedCities() {
        Map<String, Prefecture> cities = new LinkedHashMap<>();
        cities.put("札幌市", Prefecture.HOKKAIDO);
        cities.put("仙台市", Prefecture.MIYAGI);
        cities.put("さいたま市", Prefecture.SAITAMA);
        cities.put("千葉市", Prefecture.CHIBA);
        cities.put("横浜市", Prefecture.KANAGAWA);
        cities.put("川崎市", Prefecture.KANAGAWA);
        cities.put("相模原市", Prefecture.KANAGAWA);
        cities.put("新潟市", Prefecture.NIIGATA);
        cities.put("静岡市", Prefecture.SHIZUOKA);
        cities.put("浜松市", Prefecture.SHIZUOKA);
        cities.put("名古屋市", Prefecture.AICHI);
        cities.put("京都市", Prefecture.KYOTO);
        cities.put("大阪市", Prefecture.OSAKA);
        cities.put("堺市", Prefecture.OSAKA);
        cities.put("神戸市", Prefecture.HYOGO);
        cities.put("岡山市", Prefecture.OKAYAMA);
        cities.put("広島市", Prefecture.HIROSHIMA);
        cities.put("北九州市", Prefecture.FUKUOKA);
        cities.put("福岡市", Prefecture.FUKUOKA);
        cities.put("熊本市", Prefecture.KUMAMOTO);
        return Collections.unmodifiableMap(cities);
    }
}
