package jp.onplanetz.privacy.disclosurelog.service.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.disclosurelog.SubjectRequestMark;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a record of provision is the warning sign of data provided after the subject asked us to delete or to stop
 * ({@link RecordQueryService#providedAfter}): the cases the service's tests through HTTP do not reach.
 */
class ProvidedAfterRequestTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** 2026-11-25 10:00 in Tokyo. */
    private static final Instant MARKED = Instant.parse("2026-11-25T01:00:00Z");
    private static final Instant RECORDED_LATER = MARKED.plusSeconds(86_400 * 3);

    private static SubjectRequestMark mark(String type, List<String> purposes, List<String> recipients) {
        return new SubjectRequestMark(UUID.randomUUID(), "s", UUID.randomUUID(), type, purposes, recipients, MARKED,
                "e");
    }

    private static JsonNode provision(String recipient, String purpose, String firstDay, String lastDay,
            String providedAt) throws Exception {
        return new ObjectMapper().readTree("""
                {"kind": "provision", "recipient": {"code": "%s"}, "purpose": "%s",
                 "period": {"firstDay": "%s", "lastDay": "%s"}, "providedAt": %s}"""
                .formatted(recipient, purpose, firstDay, lastDay, providedAt == null ? "null" : "\"" + providedAt + "\""));
    }

    @Test
    void aContinuousProvisionGoingOnAfterTheRequestIsFlaggedOneThatEndedBeforeItIsNot() throws Exception {
        SubjectRequestMark deletion = mark(SubjectRequestMark.DELETION, List.of(), List.of());
        assertThat(RecordQueryService.providedAfter(deletion, RECORDED_LATER,
                provision("acme-ads", "third-party-ads", "2026-11-01", "2026-11-27", "2026-11-01T00:00:00Z"), TOKYO))
                .as("its providedAt says only when it began").isTrue();
        assertThat(RecordQueryService.providedAfter(deletion, RECORDED_LATER,
                provision("acme-ads", "third-party-ads", "2026-11-01", "2026-11-24", null), TOKYO)).isFalse();
        assertThat(RecordQueryService.providedAfter(deletion, RECORDED_LATER,
                provision("acme-ads", "third-party-ads", "2026-11-25", "2026-11-25", null), TOKYO))
                .as("on the day of the request, without a time").isTrue();
    }

    @Test
    void aProvisionOfOneDayIsJudgedByItsTimeWhereItHasOne() throws Exception {
        SubjectRequestMark deletion = mark(SubjectRequestMark.DELETION, List.of(), List.of());
        assertThat(RecordQueryService.providedAfter(deletion, RECORDED_LATER,
                provision("acme-ads", "third-party-ads", "2026-11-25", "2026-11-25", "2026-11-25T00:59:59Z"), TOKYO))
                .isFalse();
        assertThat(RecordQueryService.providedAfter(deletion, RECORDED_LATER,
                provision("acme-ads", "third-party-ads", "2026-11-25", "2026-11-25", "2026-11-25T01:00:01Z"), TOKYO))
                .isTrue();
    }

    @Test
    void onlyARequestReachingTheProvisionAndMadeBeforeItsRecordFlagsIt() throws Exception {
        JsonNode later = provision("acme-ads", "third-party-ads", "2026-11-27", "2026-11-27", null);
        assertThat(RecordQueryService.providedAfter(mark(SubjectRequestMark.CESSATION_OF_USE, List.of("newsletter"),
                List.of()), RECORDED_LATER, later, TOKYO)).as("another purpose").isFalse();
        assertThat(RecordQueryService.providedAfter(mark(SubjectRequestMark.CESSATION_OF_USE,
                List.of("newsletter", "third-party-ads"), List.of()), RECORDED_LATER, later, TOKYO)).isTrue();
        assertThat(RecordQueryService.providedAfter(mark(SubjectRequestMark.CESSATION_OF_PROVISION, List.of(),
                List.of("google-analytics")), RECORDED_LATER, later, TOKYO)).as("another recipient").isFalse();
        assertThat(RecordQueryService.providedAfter(mark(SubjectRequestMark.CESSATION_OF_PROVISION, List.of(),
                List.of()), RECORDED_LATER, later, TOKYO)).as("every recipient").isTrue();
        assertThat(RecordQueryService.providedAfter(mark(SubjectRequestMark.DELETION, List.of(), List.of()),
                MARKED.minusSeconds(1), later, TOKYO)).as("recorded before the request").isFalse();
    }

    @Test
    void aCessationOfProvisionDoesNotConcernDataReceivedADeletionDoes() throws Exception {
        JsonNode received = new ObjectMapper().readTree("{\"kind\": \"receiving\"}");
        assertThat(RecordQueryService.concerns(mark(SubjectRequestMark.CESSATION_OF_PROVISION, List.of(), List.of()),
                "receiving", received)).isFalse();
        assertThat(RecordQueryService.concerns(mark(SubjectRequestMark.DELETION, List.of(), List.of()), "receiving",
                received)).isTrue();
    }
}
