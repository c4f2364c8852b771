package jp.onplanetz.privacy.analytics.anonymisation;

/**
 * The eight traditional regions of Japan (八地方区分), the coarser step above the prefecture. Okinawa goes with
 * Kyushu, as in the usual eight-region division.
 */
public enum Region {
    HOKKAIDO("hokkaido", "北海道地方"),
    TOHOKU("tohoku", "東北地方"),
    KANTO("kanto", "関東地方"),
    CHUBU("chubu", "中部地方"),
    KINKI("kinki", "近畿地方"),
    CHUGOKU("chugoku", "中国地方"),
    SHIKOKU("shikoku", "四国地方"),
    KYUSHU_OKINAWA("kyushu-okinawa", "九州・沖縄地方");

    private final String code;
    private final String japaneseName;

    Region(String code, String japaneseName) {
        this.code = code;
        this.japaneseName = japaneseName;
    }

    /** What stored events and releases carry, e.g. {@code kanto}. */
    public String code() {
        return code;
    }

    public String japaneseName() {
        return japaneseName;
    }
}
