package jp.onplanetz.privacy.analytics.anonymisation;

import jp.onplanetz.privacy.analytics.anonymisation.AddressGeneraliser.Area;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AddressGeneraliserTest {

    @Test
    void thereAre47PrefecturesInJisOrderWithIsoCodes() {
        assertThat(Prefecture.values()).hasSize(47);
        assertThat(Prefecture.HOKKAIDO.isoCode()).isEqualTo("JP-01");
        assertThat(Prefecture.TOKYO.isoCode()).isEqualTo("JP-13");
        assertThat(Prefecture.KYOTO.jisCode()).isEqualTo(26);
        assertThat(Prefecture.OSAKA.jisCode()).isEqualTo(27);
        assertThat(Prefecture.OKINAWA.isoCode()).isEqualTo("JP-47");
        assertThat(Stream.of(Prefecture.values()).map(Prefecture::japaneseName).collect(Collectors.toSet()))
                .hasSize(47);
    }

    @Test
    void everyRegionHasItsTraditionalPrefectures() {
        Map<Region, Integer> sizes = new EnumMap<>(Region.class);
        for (Prefecture prefecture : Prefecture.values()) {
            sizes.merge(prefecture.region(), 1, Integer::sum);
        }
        assertThat(sizes).containsExactly(Map.entry(Region.HOKKAIDO, 1), Map.entry(Region.TOHOKU, 6),
                Map.entry(Region.KANTO, 7), Map.entry(Region.CHUBU, 9), Map.entry(Region.KINKI, 7),
                Map.entry(Region.CHUGOKU, 5), Map.entry(Region.SHIKOKU, 4), Map.entry(Region.KYUSHU_OKINAWA, 8));
        assertThat(Prefecture.MIE.region()).isEqualTo(Region.KINKI);
        assertThat(Prefecture.NIIGATA.region()).isEqualTo(Region.CHUBU);
        assertThat(Prefecture.OKINAWA.region()).isEqualTo(Region.KYUSHU_OKINAWA);
    }

    @ParameterizedTest
    @EnumSource(Prefecture.class)
    void everyPrefectureIsFoundByItsJapaneseNameInAFullAddress(Prefecture prefecture) {
        String address = "〒100-0001 " + prefecture.japaneseName() + "中央市本町1-2-3 サンプルビル4階";

        assertThat(AddressGeneraliser.prefectureOf(address)).contains(prefecture);
        assertThat(AddressGeneraliser.generalise(address))
                .isEqualTo(new Area(prefecture.isoCode(), prefecture.region().code()));
    }

    @ParameterizedTest
    @EnumSource(Prefecture.class)
    void everyPrefectureIsFoundByItsRomanisedNameInAWesternOrderAddress(Prefecture prefecture) {
        String address = "1-2-3 Honcho, Chuo-shi, " + prefecture.romanisedName() + " 100-0001, Japan";

        assertThat(AddressGeneraliser.prefectureOf(address)).contains(prefecture);
        assertThat(AddressGeneraliser.prefectureOf(address.toUpperCase(Locale.ROOT))).contains(prefecture);
    }

    @ParameterizedTest
    @CsvSource({
            "東京都府中市宮西町2-24, TOKYO",          // contains 京都府 one character in
            "東京都千代田区丸の内1-1, TOKYO",
            "京都府京都市中京区寺町通御池上る, KYOTO",
            "大阪府大阪市福島区福島1-1, OSAKA",       // 福島 (a prefecture's name) without 県
            "北海道札幌市中央区北1条西2丁目, HOKKAIDO",
            "神奈川県横浜市中区日本大通1, KANAGAWA",
            "広島県広島市中区基町10-52, HIROSHIMA",
            "北海道北広島市中央4丁目, HOKKAIDO",
            "鹿児島県鹿児島市山下町11-1, KAGOSHIMA",
            "和歌山県和歌山市小松原通1-1, WAKAYAMA",
            "〒９００－８５７０　沖縄県那覇市泉崎１丁目２－２, OKINAWA"})
    void japaneseAddressesGiveTheirPrefecture(String address, Prefecture prefecture) {
        assertThat(AddressGeneraliser.prefectureOf(address)).contains(prefecture);
    }

    @ParameterizedTest
    @CsvSource({
            "横浜市中区日本大通1, KANAGAWA",
            "〒604-8571 京都市中京区寺町通御池上る上本能寺前町488, KYOTO",
            "大阪市北区中之島1-3-20, OSAKA",
            "日本 札幌市中央区北1条西2丁目, HOKKAIDO",
            "さいたま市浦和区常盤6-4-4, SAITAMA",
            "北九州市小倉北区城内1-1, FUKUOKA",
            "堺市堺区南瓦町3-1, OSAKA"})
    void designatedCitiesWrittenWithoutTheirPrefectureGiveIt(String address, Prefecture prefecture) {
        assertThat(AddressGeneraliser.prefectureOf(address)).contains(prefecture);
    }

    @ParameterizedTest
    @ValueSource(strings = {"北広島市中央4丁目", "東大阪市荒本北1-1-1", "府中市宮西町2-24", "渋谷区道玄坂1-2-3"})
    void aCityNameInsideAnotherOrWithoutPrefectureIsUnknown(String address) {
        assertThat(AddressGeneraliser.prefectureOf(address)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "'2-8-1 Nishi-Shinjuku, Shinjuku-ku, Tokyo 163-8001', TOKYO",
            "'Tōkyō-to, Chiyoda-ku', TOKYO",
            "'Toukyou', TOKYO",
            "'1-3-20 Nakanoshima, Kita-ku, Ōsaka-shi, Ōsaka-fu', OSAKA",
            "'Oosaka', OSAKA",
            "'1 Fukushima, Fukushima-ku, Osaka-shi, Osaka 553-0003', OSAKA",
            "'Kyoto-fu, Kyoto-shi', KYOTO",
            "'HYOUGO PREFECTURE', HYOGO",
            "'Kōchi-ken Kōchi-shi', KOCHI",
            "'Chiba-shi, Chiba', CHIBA",
            "'Sagamihara, Kanagawa', KANAGAWA",
            "'Narashino-shi, Chiba-ken', CHIBA",
            "'Ｔｏｋｙｏ', TOKYO",
            "'Hokkaidō', HOKKAIDO",
            "'Hiroshima-shi', HIROSHIMA"})
    void romanisedAddressesGiveTheirPrefecture(String address, Prefecture prefecture) {
        assertThat(AddressGeneraliser.prefectureOf(address)).contains(prefecture);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sagamihara-shi", "Narashino", "Higashiosaka-shi", "Kitahiroshima", "Yokohama",
            "1600 Amphitheatre Parkway, Mountain View, CA", "Springfield", "Tokyoite", "somewhere", "   ", ""})
    void textWithoutARecognisablePrefectureIsUnknownNeverItself(String address) {
        assertThat(AddressGeneraliser.prefectureOf(address)).isEmpty();
        assertThat(AddressGeneraliser.generalise(address)).isEqualTo(new Area("unknown", "unknown"));
    }

    @Test
    void nullIsUnknown() {
        assertThat(AddressGeneraliser.generalise(null)).isEqualTo(Area.UNKNOWN_AREA);
    }

    @Test
    void theOutputIsOnlyEverACodeFromTheTables() {
        Set<String> prefectures = Stream.concat(Stream.of(Prefecture.values()).map(Prefecture::isoCode),
                Stream.of("unknown")).collect(Collectors.toSet());
        Set<String> regions = Stream.concat(Stream.of(Region.values()).map(Region::code), Stream.of("unknown"))
                .collect(Collectors.toSet());
        for (String address : new String[] {"東京都港区芝公園4-2-8", "Minato-ku, Tokyo", "秘密の住所 山田太郎方",
                "Yamada Taro c/o Unknown Street 5"}) {
            Area area = AddressGeneraliser.generalise(address);
            assertThat(prefectures).contains(area.prefecture());
            assertThat(regions).contains(area.region());
        }
    }
}
