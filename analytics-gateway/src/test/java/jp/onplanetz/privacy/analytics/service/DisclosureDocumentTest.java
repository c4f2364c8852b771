package jp.onplanetz.privacy.analytics.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.analytics.UsageEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A disclosure's data document: the events as kept, no pseudonyms, and never more than one answer can carry. */
class DisclosureDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OffsetDateTime START = OffsetDateTime.of(2026, 11, 25, 0, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void listsEveryEventAsKeptWithoutPseudonymsWhenTheyFit() throws Exception {
        List<UsageEvent> events = newestFirst(3);
        DataRequestTaskService.Disclosure d = DataRequestTaskService.disclosure(events, 3, 1_000_000, JSON);

        assertThat(d.listed()).isEqualTo(3);
        assertThat(d.data()).containsEntry("eventsHeld", 3L).containsEntry("eventsListed", 3);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) d.data().get("events");
        assertThat(listed).extracting(e -> e.get("page")).containsExactly("/p/2", "/p/1", "/p/0");
        assertThat(listed.get(0)).containsEntry("occurredAt", "2026-11-25T00:02:00Z")
                .containsEntry("recordedAs", "anonymous-visitor").containsEntry("ipNetwork", "203.0.113.0/24")
                .containsEntry("ageBand", "30-39").containsEntry("countsInStatistics", false);
        assertThat(listed.get(1)).containsEntry("recordedAs", "signed-in").containsEntry("countsInStatistics", true);
        String text = JSON.writeValueAsString(d.data());
        assertThat(text).doesNotContain("p1:").doesNotContain("Pseudonym\"");
    }

    @Test
    void stopsBeforeTheByteLimitKeepingTheMostRecent() throws Exception {
        List<UsageEvent> events = newestFirst(500);
        int oneEvent = JSON.writeValueAsString(((List<?>) DataRequestTaskService.disclosure(events.subList(0, 1), 1,
                1_000_000, JSON).data().get("events")).get(0)).getBytes(StandardCharsets.UTF_8).length;
        int limit = oneEvent * 40;

        DataRequestTaskService.Disclosure d = DataRequestTaskService.disclosure(events, 12_345, limit, JSON);

        assertThat(d.listed()).isBetween(35, 40);
        assertThat(d.data()).containsEntry("eventsHeld", 12_345L).containsEntry("eventsListed", d.listed());
        List<?> listed = (List<?>) d.data().get("events");
        assertThat(JSON.writeValueAsString(listed).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
        assertThat(((Map<?, ?>) listed.get(0)).get("page")).isEqualTo("/p/499");
    }

    /** n events a minute apart, the newest first; every third one as an anonymous visitor, withdrawn. */
    private static List<UsageEvent> newestFirst(int n) {
        List<UsageEvent> events = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            UsageEvent e = new UsageEvent();
            e.id = UUID.randomUUID();
            boolean anonymous = i % 3 == 2;
            e.subjectPseudonym = anonymous ? null : "p1:AAAAAAAAAAAAAAAAAAAAAA";
            e.anonymousPseudonym = anonymous ? "p1:BBBBBBBBBBBBBBBBBBBBBB" : null;
            e.cookiePseudonym = "p1:CCCCCCCCCCCCCCCCCCCCCC";
            e.terminalPseudonym = "p1:DDDDDDDDDDDDDDDDDDDDDD";
            e.keyVersion = 1;
            e.ipPrefix = "203.0.113.0/24";
            e.occurredAt = START.plusMinutes(i);
            e.eventType = "page-view";
            e.page = "/p/" + i;
            e.gender = "female";
            e.ageBand = "30-39";
            e.prefecture = "JP-13";
            e.region = "kanto";
            e.jobClass = "engineer";
            e.companySize = "100-999";
            e.companySector = "manufacturing";
            e.consentedForAnalytics = !anonymous;
            e.ingestedAt = START.plusMinutes(i).plusSeconds(1);
            events.add(e);
        }
        return events;
    }
}
