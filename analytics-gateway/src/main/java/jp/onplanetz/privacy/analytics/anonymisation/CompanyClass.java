package jp.onplanetz.privacy.analytics.anonymisation;

import java.text.Normalizer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A company reduced to a size band and a sector, and only when the sender states them as such (a headcount,
 * a band, a sector code or name). A company's name is never turned into a class: that would need a lookup
 * table of companies, and a name we cannot place would tempt us to keep it. Anything else, a company name
 * included, becomes {@value #UNSPECIFIED}.
 */
public final class CompanyClass {

    public static final String UNSPECIFIED = "unspecified";

    /** Headcount bands. Their codes are what stored events carry. */
    public enum Size {
        FROM_1_TO_9("1-9", 1, 9),
        FROM_10_TO_99("10-99", 10, 99),
        FROM_100_TO_999("100-999", 100, 999),
        FROM_1000("1000+", 1000, Long.MAX_VALUE);

        private final String code;
        private final long lowest;
        private final long highest;

        Size(String code, long lowest, long highest) {
            this.code = code;
            this.lowest = lowest;
            this.highest = highest;
        }

        public String code() {
            return code;
        }
    }

    /**
     * The twenty major groups (大分類) of the Japan Standard Industrial Classification, 2013 revision, by letter,
     * with a short English code of ours for stored events.
     */
    public enum Sector {
        A("agriculture-forestry", "農業,林業"),
        B("fisheries", "漁業"),
        C("mining", "鉱業,採石業,砂利採取業"),
        D("construction", "建設業"),
        E("manufacturing", "製造業"),
        F("utilities", "電気・ガス・熱供給・水道業"),
        G("information-communications", "情報通信業"),
        H("transport-postal", "運輸業,郵便業"),
        I("wholesale-retail", "卸売業,小売業"),
        J("finance-insurance", "金融業,保険業"),
        K("real-estate-leasing", "不動産業,物品賃貸業"),
        L("scientific-professional-technical", "学術研究,専門・技術サービス業"),
        M("accommodation-food", "宿泊業,飲食サービス業"),
        N("living-related-amusement", "生活関連サービス業,娯楽業"),
        O("education", "教育,学習支援業"),
        P("medical-welfare", "医療,福祉"),
        Q("compound-services", "複合サービス事業"),
        R("other-services", "サービス業(他に分類されないもの)"),
        S("government", "公務(他に分類されるものを除く)"),
        T("unclassifiable", "分類不能の産業");

        private final String code;
        private final String japaneseName;

        Sector(String code, String japaneseName) {
            this.code = code;
            this.japaneseName = japaneseName;
        }

        public String code() {
            return code;
        }

        public String japaneseName() {
            return japaneseName;
        }
    }

    /** What {@link #withoutPunctuation} leaves of each Japanese name: the door compares every event against them. */
    private static final Map<Sector, String> JAPANESE_NAMES_WITHOUT_PUNCTUATION = new EnumMap<>(Sector.class);
    private static final Pattern HEADCOUNT = Pattern.compile("[0-9]{1,9}");
    private static final Pattern PUNCTUATION = Pattern.compile("[\\s,、・()]");

    static {
        for (Sector sector : Sector.values()) {
            JAPANESE_NAMES_WITHOUT_PUNCTUATION.put(sector, withoutPunctuation(sector.japaneseName));
        }
    }

    private CompanyClass() {
    }

    /**
     * @param declaredSize a headcount ({@code 250}) or one of the band codes ({@code 100-999})
     * @return the band's code, or {@value #UNSPECIFIED} when the text is neither
     */
    public static String sizeClass(String declaredSize) {
        String text = normalised(declaredSize);
        if (text.isEmpty()) {
            return UNSPECIFIED;
        }
        for (Size size : Size.values()) {
            if (size.code.equals(text)) {
                return size.code;
            }
        }
        if (!HEADCOUNT.matcher(text).matches()) {
            return UNSPECIFIED;
        }
        long headcount = Long.parseLong(text);
        for (Size size : Size.values()) {
            if (headcount >= size.lowest && headcount <= size.highest) {
                return size.code;
            }
        }
        return UNSPECIFIED; // a headcount of 0 is not a company
    }

    /**
     * @param declaredSector a JSIC major-group letter ({@code E}), its Japanese name ({@code 製造業}) or our code
     *                       ({@code manufacturing})
     * @return our sector code, or {@value #UNSPECIFIED} when the text is none of these
     */
    public static String sectorClass(String declaredSector) {
        String text = normalised(declaredSector);
        if (text.isEmpty()) {
            return UNSPECIFIED;
        }
        // once per event, not once per sector: normalising and stripping cost more than all the comparisons
        String bare = withoutPunctuation(text);
        for (Sector sector : Sector.values()) {
            if (text.equalsIgnoreCase(sector.name()) || text.equalsIgnoreCase(sector.code)
                    || bare.equals(JAPANESE_NAMES_WITHOUT_PUNCTUATION.get(sector))) {
                return sector.code;
            }
        }
        return UNSPECIFIED;
    }

    /** NFKC (full-width to ASCII, 、 and ， alike), trimmed, lower case; empty for null. */
    private static String normalised(String text) {
        if (text == null) {
            return "";
        }
        return Normalizer.normalize(text, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    /** The JSIC names are written with ，・（） or their ASCII forms, and sometimes with 、: compare without them. */
    private static String withoutPunctuation(String text) {
        return PUNCTUATION.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC)).replaceAll("");
    }
}
