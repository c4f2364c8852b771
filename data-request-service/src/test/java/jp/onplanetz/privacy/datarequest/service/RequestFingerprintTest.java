package jp.onplanetz.privacy.datarequest.service;

import jp.onplanetz.privacy.events.datarequest.RequestType;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestFingerprintTest {

    private static String of(RequestType type, String format, List<String> purposes, List<String> recipients,
            Map<String, String> correction, String details) {
        return RequestFingerprint.of(type, format, purposes, recipients, correction, details);
    }

    @Test
    void theSameRequestTypedAgainHasTheSameFingerprint() {
        String a = of(RequestType.CESSATION_OF_USE, null, List.of("newsletter", "own-marketing"), null, null,
                "Please stop  sending\tme mail.");
        String b = of(RequestType.CESSATION_OF_USE, null, List.of("own-marketing", "newsletter"), null, null,
                "  please STOP sending me mail. ");
        String fullWidth = of(RequestType.CESSATION_OF_USE, null, List.of("newsletter", "own-marketing"), null, null,
                "Ｐｌｅａｓｅ stop sending me mail.");
        assertThat(a).isEqualTo(b).isEqualTo(fullWidth).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void anythingThatChangesWhatIsAskedChangesTheFingerprint() {
        String base = of(RequestType.CESSATION_OF_USE, null, List.of("newsletter"), null, null, null);
        assertThat(List.of(
                of(RequestType.CONSENT_WITHDRAWAL, null, List.of("newsletter"), null, null, null),
                of(RequestType.CESSATION_OF_USE, null, List.of("own-marketing"), null, null, null),
                of(RequestType.CESSATION_OF_USE, null, null, null, null, null),
                of(RequestType.CESSATION_OF_USE, null, List.of(), null, null, null),
                of(RequestType.CESSATION_OF_USE, null, List.of("newsletter"), null, null, "and my phone"),
                of(RequestType.CESSATION_OF_USE, "json", List.of("newsletter"), null, null, null)))
                .doesNotContain(base).doesNotHaveDuplicates();
        assertThat(of(RequestType.DISCLOSURE, "json", null, null, null, null))
                .isNotEqualTo(of(RequestType.DISCLOSURE, "csv", null, null, null, null));
    }

    @Test
    void correctionsCompareByFieldAndValueInAnyOrderAndARemovalIsNotAnEmptyValue() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("address", "Osaka");
        one.put("phone", "06-1234-5678");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("phone", "06-1234-5678");
        other.put("address", "OSAKA");
        assertThat(of(RequestType.CORRECTION, null, null, null, one, null))
                .isEqualTo(of(RequestType.CORRECTION, null, null, null, other, null));
        Map<String, String> removal = new LinkedHashMap<>();
        removal.put("address", null);
        assertThat(of(RequestType.CORRECTION, null, null, null, removal, null))
                .isNotEqualTo(of(RequestType.CORRECTION, null, null, null, Map.of("address", ""), null));
    }

    @Test
    void noValueCanPassForAFieldBoundary() {
        // without length prefixes, "a,b" as one purpose and "a","b" as two would read alike
        assertThat(of(RequestType.CESSATION_OF_USE, null, List.of("a,b"), null, null, null))
                .isNotEqualTo(of(RequestType.CESSATION_OF_USE, null, List.of("a", "b"), null, null, null));
        assertThat(of(RequestType.CORRECTION, null, null, null, null, "x\n5:other=0:"))
                .isNotEqualTo(of(RequestType.CORRECTION, null, null, null, null, "x"));
    }
}
