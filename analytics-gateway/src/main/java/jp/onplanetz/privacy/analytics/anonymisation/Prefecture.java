package jp.onplanetz.privacy.analytics.anonymisation;

/**
 * The 47 prefectures in JIS X 0401 order, so that {@code ordinal() + 1} is the prefecture code and
 * {@link #isoCode()} the ISO 3166-2:JP code.
 */
public enum Prefecture {
    HOKKAIDO("北海道", "Hokkaido", Region.HOKKAIDO),
    AOMORI("青森県", "Aomori", Region.TOHOKU),
    IWATE("岩手県", "Iwate", Region.TOHOKU),
    MIYAGI("宮城県", "Miyagi", Region.TOHOKU),
    AKITA("秋田県", "Akita", Region.TOHOKU),
    YAMAGATA("山形県", "Yamagata", Region.TOHOKU),
    FUKUSHIMA("福島県", "Fukushima", Region.TOHOKU),
    IBARAKI("茨城県", "Ibaraki", Region.KANTO),
    TOCHIGI("栃木県", "Tochigi", Region.KANTO),
    GUNMA("群馬県", "Gunma", Region.KANTO),
    SAITAMA("埼玉県", "Saitama", Region.KANTO),
    CHIBA("千葉県", "Chiba", Region.KANTO),
    TOKYO("東京都", "Tokyo", Region.KANTO),
    KANAGAWA("神奈川県", "Kanagawa", Region.KANTO),
    NIIGATA("新潟県", "Niigata", Region.CHUBU),
    TOYAMA("富山県", "Toyama", Region.CHUBU),
    ISHIKAWA("石川県", "Ishikawa", Region.CHUBU),
    FUKUI("福井県", "Fukui", Region.CHUBU),
    YAMANASHI("山梨県", "Yamanashi", Region.CHUBU),
    NAGANO("長野県", "Nagano", Region.CHUBU),
    GIFU("岐阜県", "Gifu", Region.CHUBU),
    SHIZUOKA("静岡県", "Shizuoka", Region.CHUBU),
    AICHI("愛知県", "Aichi", Region.CHUBU),
    MIE("三重県", "Mie", Region.KINKI),
    SHIGA("滋賀県", "Shiga", Region.KINKI),
    KYOTO("京都府", "Kyoto", Region.KINKI),
    OSAKA("大阪府", "Osaka", Region.KINKI),
    HYOGO("兵庫県", "Hyogo", Region.KINKI),
    NARA("奈良県", "Nara", Region.KINKI),
    WAKAYAMA("和歌山県", "Wakayama", Region.KINKI),
    TOTTORI("鳥取県", "Tottori", Region.CHUGOKU),
    SHIMANE("島根県", "Shimane", Region.CHUGOKU),
    OKAYAMA("岡山県", "Okayama", Region.CHUGOKU),
    HIROSHIMA("広島県", "Hiroshima", Region.CHUGOKU),
    YAMAGUCHI("山口県", "Yamaguchi", Region.CHUGOKU),
    TOKUSHIMA("徳島県", "Tokushima", Region.SHIKOKU),
    KAGAWA("香川県", "Kagawa", Region.SHIKOKU),
    EHIME("愛媛県", "Ehime", Region.SHIKOKU),
    KOCHI("高知県", "Kochi", Region.SHIKOKU),
    FUKUOKA("福岡県", "Fukuoka", Region.KYUSHU_OKINAWA),
    SAGA("佐賀県", "Saga", Region.KYUSHU_OKINAWA),
    NAGASAKI("長崎県", "Nagasaki", Region.KYUSHU_OKINAWA),
    KUMAMOTO("熊本県", "Kumamoto", Region.KYUSHU_OKINAWA),
    OITA("大分県", "Oita", Region.KYUSHU_OKINAWA),
    MIYAZAKI("宮崎県", "Miyazaki", Region.KYUSHU_OKINAWA),
    KAGOSHIMA("鹿児島県", "Kagoshima", Region.KYUSHU_OKINAWA),
    OKINAWA("沖縄県", "Okinawa", Region.KYUSHU_OKINAWA);

    private final String japaneseName;
    private final String romanisedName;
    private final Region region;

    Prefecture(String japaneseName, String romanisedName, Region region) {
        this.japaneseName = japaneseName;
        this.romanisedName = romanisedName;
        this.region = region;
    }

    /** The full name with its 都/道/府/県 suffix, e.g. {@code 東京都}; Hokkaido's 道 is part of its name. */
    public String japaneseName() {
        return japaneseName;
    }

    /** Hepburn without long-vowel marks, e.g. {@code Tokyo}. */
    public String romanisedName() {
        return romanisedName;
    }

    public Region region() {
        return region;
    }

    /** JIS X 0401 code, 1 (Hokkaido) to 47 (Okinawa). */
    public int jisCode() {
        return ordinal() + 1;
    }

    /** What stored events and releases carry: ISO 3166-2:JP, e.g. {@code JP-13}, the same in every language. */
    public String isoCode() {
        return String.format("JP-%02d", jisCode());
    }
}
