package jp.onplanetz.privacy.disclosurelog.service.records;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.disclosurelog.service.records.GroupCommit.Pending;
import jp.onplanetz.privacy.disclosurelog.service.ledger.LedgerService.Appended;
import jp.onplanetz.privacy.disclosurelog.service.records.RecordService.Basis;
import jp.onplanetz.privacy.disclosurelog.service.records.RecordService.Provision;
import jp.onplanetz.privacy.disclosurelog.support.FakeConsentService;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.Records.newSubject;
import static jp.onplanetz.privacy.disclosurelog.support.Records.personRelated;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single-record appends committed in groups: a group is one transaction, a bad member never costs the others
 * their records, and under concurrent load every caller gets its own durable record.
 */
@QuarkusTest
@QuarkusTestResource(FakeConsentService.class)
class GroupCommitTest {

    private static final String CALLER = "data-request-service";

    @Inject
    GroupCommit groupCommit;
    @Inject
    MeterRegistry meters;

    private static Provision provision(String subject, String recipient, UUID requestId) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        return new Provision(subject, "member number 10-2048", recipient, today, null, List.of("cookie-id"),
                "third-party-ads", new Basis(RecordService.BASIS_PERSON_RELATED, null, today.minusDays(1),
                        "Acme Ads' written statement", true),
                null, null, requestId);
    }

    private static long entries(String subject) {
        return ServiceDb.count(ServiceDatabases.DISCLOSURE_LOG,
                "select count(*) from ledger_payload where subject_id = ?", subject);
    }

    private static Object recordedAt(UUID recordId) {
        return ServiceDb.single(ServiceDatabases.DISCLOSURE_LOG,
                "select recorded_at from ledger_entry where record_id = ?", recordId);
    }

    @Test
    void aGroupIsOneTransactionAndAnswersEachMemberInItsOrder() {
        List<String> subjects = List.of(newSubject(), newSubject(), newSubject());
        List<Pending> group = subjects.stream().map(s -> GroupCommit.provision(provision(s, "acme-ads", null), CALLER))
                .toList();

        groupCommit.commit(group);

        List<Appended> answers = group.stream().map(p -> p.result().join()).toList();
        assertThat(answers).extracting(Appended::recordId).doesNotHaveDuplicates();
        for (int i = 0; i < subjects.size(); i++) {
            assertThat(entries(subjects.get(i))).isEqualTo(1);
            assertThat(ServiceDb.single(ServiceDatabases.DISCLOSURE_LOG,
                    "select subject_id from ledger_payload where record_id = ?", answers.get(i).recordId()))
                    .as("member %d's answer names its own record", i).isEqualTo(subjects.get(i));
        }
        // One transaction stamps one time on all of its records.
        assertThat(recordedAt(answers.get(0).recordId())).isEqualTo(recordedAt(answers.get(1).recordId()))
                .isEqualTo(recordedAt(answers.get(2).recordId()));
    }

    @Test
    void aMemberWithAnInvalidFieldGetsItsProblemAndTheOthersTheirRecords() {
        String first = newSubject();
        String bad = newSubject();
        String last = newSubject();
        List<Pending> group = List.of(GroupCommit.provision(provision(first, "acme-ads", null), CALLER),
                GroupCommit.provision(provision(bad, "no-such-recipient", null), CALLER),
                GroupCommit.provision(provision(last, "acme-ads", null), CALLER));

        groupCommit.commit(group);

        assertThat(group.get(0).result().join().recordId()).isNotNull();
        assertThat(group.get(2).result().join().recordId()).isNotNull();
        assertThat(group.get(1).result()).isCompletedExceptionally();
        ProblemException problem = (ProblemException) group.get(1).result().handle((ok, e) -> e).join();
        assertThat(problem.problem().status()).isEqualTo(400);
        assertThat(problem.problem().invalidParams()).extracting(p -> p.name()).containsExactly("recipient");
        assertThat(entries(first)).isEqualTo(1);
        assertThat(entries(last)).isEqualTo(1);
        assertThat(entries(bad)).as("the invalid record changed nothing").isZero();
    }

    @Test
    void aRequestIdReusedForAnotherRecordIsRefusedAloneAndARepeatGetsItsEarlierRecord() {
        UUID requestId = UUID.randomUUID();
        String subject = newSubject();
        Appended earlier = groupCommit.appendProvision(provision(subject, "acme-ads", requestId), CALLER);

        String other = newSubject();
        List<Pending> group = List.of(GroupCommit.provision(provision(other, "acme-ads", null), CALLER),
                GroupCommit.provision(provision(newSubject(), "acme-ads", requestId), CALLER),
                GroupCommit.provision(provision(subject, "acme-ads", requestId), CALLER));
        groupCommit.commit(group);

        assertThat(group.get(0).result().join().replayed()).isFalse();
        ProblemException conflict = (ProblemException) group.get(1).result().handle((ok, e) -> e).join();
        assertThat(conflict.problem().status()).isEqualTo(409);
        Appended replay = group.get(2).result().join();
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.recordId()).isEqualTo(earlier.recordId());
        assertThat(entries(subject)).isEqualTo(1);
        assertThat(entries(other)).isEqualTo(1);
    }

    @Test
    void concurrentSingleAppendsOverHttpEachGetTheirOwnDurableRecordAndTheLedgerStaysIntact() throws Exception {
        DistributionSummary groups = meters.get("disclosure_log_append_group_records").summary();
        double recordsBefore = groups.totalAmount();
        int clients = 24;
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            subjects.add(newSubject());
        }
        String token = TestTokens.service(LocalIdentities.DATA_REQUEST_SERVICE);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (String subject : subjects) {
                ids.add(pool.submit(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(personRelated(subject)).when().post("/api/v1/records/provisions")
                        .then().statusCode(201).extract().<String>path("recordId")));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> id : ids) {
                distinct.add(id.get());
            }
            assertThat(distinct).hasSize(clients);
        } finally {
            pool.shutdownNow();
        }
        for (String subject : subjects) {
            assertThat(entries(subject)).isEqualTo(1);
        }
        assertThat(groups.totalAmount() - recordsBefore).as("every record went through a group commit, once")
                .isEqualTo(clients);
        assertThat(given().auth().oauth2(TestTokens.operator()).when().post("/api/v1/ledger/verifications")
                .then().statusCode(200).extract().<Boolean>path("intact")).isTrue();
    }
}
