package jp.onplanetz.privacy.analytics.anonymisation;

import jp.onplanetz.privacy.events.WireCoded;

/**
 * The eight traditional regions of Japan (八地方区分), the coarser step above the prefecture. Okinawa goes with
 * Kyushu, as in the usual eight-region division. Stored events and releases carry the {@link #code()}, e.g.
 * {@code kanto}.
 */
public enum Region implements WireCoded {
    HOKKAIDO("北海道地方"),
    TOHOKU("東北地方"),
    KANTO("関東地方"),
    CHUBU("中部地方"),
    KINKI("近畿地方"),
    CHUGOKU("中国地方"),
    SHIKOKU("四国地方"),
    KYUSHU_OKINAWA("九州・沖縄地方");

    private final String japaneseName;

    Region(String japaneseName) {
        this.japaneseName = japaneseName;
    }

    public String japaneseName() {
        return japaneseName;
    }
}
