package jp.onplanetz.privacy.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifierUrisTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "https://privacy.onplanetz.jp/schemas/events/consent.granted.v1.json",
            "https://privacy.onplanetz.jp/problems/use-denied",
            "https://json-schema.org/draft/2020-12/schema",
            "urn:ietf:params:oauth:grant-type:token-exchange",
            "urn:example:a123,z456",
            "URN:EXAMPLE:foo/bar?+r?=q#f",
            "tag:onplanetz.jp,2026:schema",
    })
    void validAbsoluteUrisAndUrnsPass(String uri) {
        assertThat(IdentifierUris.defect(uri)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "urn:jp.onplanetz.privacy:schema:consent.granted.v1.json | no dots",
            "urn:jp.onplanetz.privacy:problem:use-denied            | no dots",
            "urn:x:nss                                              | breaks RFC 8141",
            "urn:example                                            | urn:<NID>:<NSS>",
            "urn:example:                                           | namespace-specific string",
            "urn:-example:x                                         | breaks RFC 8141",
            "consent.granted.v1.json                                | relative",
            "#/components/messages/x                                | relative",
            "https:///schemas/x.json                                | needs a host",
            "https://privacy.onplanetz.jp/schemas/events/a b.json   | not a URI",
            "https://privacy.onplanetz.jp/スキーマ                   | not ASCII",
            "1https://privacy.onplanetz.jp/x                        | not a URI",
    })
    void invalidIdentifiersAreRefusedSayingWhy(String uri, String reason) {
        assertThat(IdentifierUris.defect(uri)).hasValueSatisfying(d -> assertThat(d).contains(reason));
        assertThatThrownBy(() -> IdentifierUris.requireValid("an id", uri)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(uri);
    }

    @Test
    void everyEventTypesDataschemaIsAValidAbsoluteUri() {
        for (EventType<?> type : EventCatalogue.eventTypes()) {
            assertThat(IdentifierUris.defect(type.dataSchema())).as(type.name()).isEmpty();
            assertThat(type.dataSchema()).startsWith("https://privacy.onplanetz.jp/schemas/events/");
        }
    }
}
