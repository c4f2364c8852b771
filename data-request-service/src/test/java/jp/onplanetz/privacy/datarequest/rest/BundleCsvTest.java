package jp.onplanetz.privacy.datarequest.rest;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BundleCsvTest {

    @Test
    void everyValueOfEverySystemIsARowNamedByItsPath() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("consents", List.of(Map.of("purpose", "newsletter"), Map.of("purpose", "ads")));
        data.put("none", List.of());
        data.put("empty", Map.of());
        data.put("count", 2);
        data.put("missing", null);
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("system", "consent-service");
        system.put("name", "Consent service");
        system.put("outcome", "completed");
        system.put("detail", "2 consents");
        system.put("items", 2);
        system.put("answeredAt", "2026-12-04T01:02:03Z");
        system.put("data", data);
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("requestId", "r-1");
        bundle.put("requestType", "disclosure");
        bundle.put("completedAt", "2026-12-04T01:02:04Z");
        bundle.put("availableUntil", "2027-01-03T01:02:04Z");
        bundle.put("about", "What we hold");
        bundle.put("systems", List.of(system));

        assertThat(BundleCsv.write(bundle).split("\r\n")).containsExactly(
                "system,outcome,field,value",
                ",,requestId,r-1",
                ",,requestType,disclosure",
                ",,completedAt,2026-12-04T01:02:04Z",
                ",,availableUntil,2027-01-03T01:02:04Z",
                ",,about,What we hold",
                "consent-service,completed,name,Consent service",
                "consent-service,completed,detail,2 consents",
                "consent-service,completed,items,2",
                "consent-service,completed,answeredAt,2026-12-04T01:02:03Z",
                "consent-service,completed,data.consents[0].purpose,newsletter",
                "consent-service,completed,data.consents[1].purpose,ads",
                "consent-service,completed,data.none,[]",
                "consent-service,completed,data.empty,{}",
                "consent-service,completed,data.count,2",
                "consent-service,completed,data.missing,");
    }
}
