package jp.onplanetz.privacy.consent.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.consent.ConsentHistoryEntry;
import jp.onplanetz.privacy.consent.ConsentRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of a data-request answer that need no broker: the disclosure's cap, who acted, the detail's limit. */
class DataRequestTaskServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBJECT = "9b1f3c62-2d4e-4f0a-9d7e-3a5b6c7d8e9f";
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 4, 1, 9, 30, 0, 0, ZoneOffset.ofHours(9));

    @Test
    void aDisclosureListsTheMostRecentConsentsThatFitAndCountsThemAll() throws Exception {
        List<ConsentRecord> newestFirst = new ArrayList<>();
        Map<UUID, List<ConsentHistoryEntry>> histories = new java.util.HashMap<>();
        for (int i = 0; i < 50; i++) {
            ConsentRecord c = consent(T0.minusDays(i));
            newestFirst.add(c);
            histories.put(c.id, List.of(entry(c, "granted", c.grantedAt, SUBJECT)));
        }
        int one = JSON.writeValueAsString(DataRequestTaskService.disclosure(SUBJECT, newestFirst.subList(0, 1),
                histories, Integer.MAX_VALUE, JSON).data().get("consents")).getBytes(StandardCharsets.UTF_8).length;

        DataRequestTaskService.Disclosure capped = DataRequestTaskService.disclosure(SUBJECT, newestFirst, histories,
                one * 10, JSON);
        assertThat(capped.listed()).isBetween(8, 10);
        assertThat(capped.data().get("consentsHeld")).isEqualTo(50);
        assertThat(capped.data().get("consentsListed")).isEqualTo(capped.listed());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) capped.data().get("consents");
        assertThat(listed.get(0).get("id")).as("the most recent first").isEqualTo(newestFirst.get(0).id.toString());
        assertThat(JSON.writeValueAsString(listed).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(one * 10);

        DataRequestTaskService.Disclosure all = DataRequestTaskService.disclosure(SUBJECT, newestFirst, histories,
                786432, JSON);
        assertThat(all.listed()).isEqualTo(50);
    }

    @Test
    void aDisclosedConsentIsAsKeptInUtcWithItsHistoryEvidenceAndReceipt() {
        ConsentRecord c = consent(T0);
        c.state = "withdrawn";
        c.withdrawnAt = T0.plusHours(1);
        c.withdrawnBy = "data-request:0d6c5b7a-1e2f-4a3b-8c9d-0e1f2a3b4c5d";
        List<ConsentHistoryEntry> history = List.of(entry(c, "granted", T0, "7fda16fd-2ac3-49cb-bd54-98b3680232a2"),
                entry(c, "withdrawn", c.withdrawnAt, c.withdrawnBy));
        @SuppressWarnings("unchecked")
        Map<String, Object> item = ((List<Map<String, Object>>) DataRequestTaskService.disclosure(SUBJECT, List.of(c),
                Map.of(c.id, history), 786432, JSON).data().get("consents")).get(0);

        assertThat(item.get("grantedAt")).isEqualTo("2026-04-01T00:30:00Z");
        assertThat(item.get("withdrawnBy")).isEqualTo(c.withdrawnBy);
        assertThat(item.get("grantedBy")).isEqualTo("you");
        assertThat(item.get("receipt")).isEqualTo("/api/v1/subjects/" + SUBJECT + "/consents/" + c.id + "/receipt");
        assertThat(item.get("evidence")).isEqualTo(Map.of("userAgent", "Mozilla/5.0", "ipNetwork", "203.0.113.0/24"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) item.get("history");
        assertThat(entries).extracting(e -> e.get("action")).containsExactly("granted", "withdrawn");
        assertThat(entries).extracting(e -> e.get("by")).containsExactly("operator", c.withdrawnBy);
    }

    @Test
    void whoActedIsNamedByRoleNeverByAStaffMembersId() {
        assertThat(DataRequestTaskService.who(SUBJECT, SUBJECT)).isEqualTo("you");
        assertThat(DataRequestTaskService.who("policy-publication", SUBJECT)).isEqualTo("policy-publication");
        assertThat(DataRequestTaskService.who("data-request:abc", SUBJECT)).isEqualTo("data-request:abc");
        assertThat(DataRequestTaskService.who("7fda16fd-2ac3-49cb-bd54-98b3680232a2", SUBJECT)).isEqualTo("operator");
    }

    @Test
    void aDetailNamesAFewCodesAndCountsTheRest() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add("purpose-" + i);
        }
        assertThat(DataRequestTaskService.codes(many)).startsWith("purpose-0, purpose-1").endsWith("and 192 more");
    }

    private static ConsentRecord consent(OffsetDateTime grantedAt) {
        ConsentRecord c = new ConsentRecord();
        c.id = UUID.randomUUID();
        c.subjectId = SUBJECT;
        c.purpose = "newsletter";
        c.categories = List.of("profile.email", "profile.name");
        c.policyVersion = "a".repeat(64);
        c.method = "web-form";
        c.channel = "member-site";
        c.userAgent = "Mozilla/5.0";
        c.ipPrefix = "203.0.113.0/24";
        c.grantedAt = grantedAt;
        c.grantedBy = SUBJECT;
        c.state = "granted";
        c.updatedAt = grantedAt;
        return c;
    }

    private static ConsentHistoryEntry entry(ConsentRecord c, String action, OffsetDateTime at, String actor) {
        ConsentHistoryEntry h = new ConsentHistoryEntry();
        h.consentId = c.id;
        h.subjectId = c.subjectId;
        h.action = action;
        h.policyVersion = c.policyVersion;
        h.occurredAt = at;
        h.actor = actor;
        h.detail = "{}";
        return h;
    }
}
