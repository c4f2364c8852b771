package jp.onplanetz.privacy.disclosurelog.service.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jp.onplanetz.privacy.disclosurelog.client.ConsentServiceClient;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.util.List;

/**
 * Checks the consent each record of provision names against consent-service: did it stand, for this subject and
 * this recipient, when the data went out? A record is appended whatever the answer (it is the fact of a
 * provision, and refusing it would lose that fact); the answer is kept beside it, and a record whose consent did
 * not stand is flagged for the privacy officer, never silently accepted.
 * <p>
 * Apart from the append so that an append neither waits for consent-service nor fails when it is down: records
 * stay "pending" until it answers.
 */
@ApplicationScoped
public class BasisCheckService {

    private static final int BATCH = 200;

    private final LedgerRepository ledger;
    private final ConsentServiceClient consentService;
    private final ObjectMapper json;

    public BasisCheckService(LedgerRepository ledger, @RestClient ConsentServiceClient consentService, ObjectMapper json) {
        this.ledger = ledger;
        this.consentService = consentService;
        this.json = json;
    }

    @Scheduled(every = "${privacyops.disclosure-log.basis-check-every}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkPending() {
        checkPendingNow();
    }

    /** Checks what is pending; returns how many records got an answer. */
    public int checkPendingNow() {
        List<LedgerRepository.StoredRecord> pending = QuarkusTransaction.requiringNew().call(() -> ledger.awaitingBasisCheck(BATCH));
        int answered = 0;
        for (LedgerRepository.StoredRecord r : pending) {
            LedgerRepository.BasisCheck check;
            try {
                check = check(r);
            } catch (RuntimeException unreachable) {
                Log.warnf("consent-service did not answer for record %s; it stays pending: %s", r.recordId(),
                        unreachable.getMessage());
                break;
            }
            QuarkusTransaction.requiringNew().run(() -> ledger.completeBasisCheck(check));
            answered++;
        }
        return answered;
    }

    private LedgerRepository.BasisCheck check(LedgerRepository.StoredRecord stored) {
        JsonNode record;
        try {
            record = json.readTree(stored.payload());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        JsonNode basis = record.path("basis");
        String consentId = basis.path("consentId").asText();
        // At the moment of provision when the reporter gave it, else when it was reported: records are made as the
        // data goes out.
        String at = record.path("providedAt").isTextual() ? record.path("providedAt").asText() : record.path("recordedAt").asText();
        JsonNode standing;
        try {
            standing = consentService.standing(consentId, at);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return flagged(stored, "consent-not-found", "consent-service knows no consent " + consentId);
            }
            throw e;
        }
        String subject = record.path("subject").path("id").asText();
        if (!subject.equals(standing.path("subjectId").asText())) {
            return flagged(stored, "consent-of-another-subject", "consent " + consentId + " is not this subject's");
        }
        String recipient = record.path("recipient").path("code").asText();
        if (!recipient.equals(standing.path("recipient").asText(null))) {
            return flagged(stored, "consent-for-another-recipient", "consent " + consentId + " is for recipient "
                    + standing.path("recipient").asText(null) + ", not " + recipient);
        }
        String state = standing.path("standing").asText();
        if (!"in-force".equals(state)) {
            return flagged(stored, "consent-" + state, "consent " + consentId + " was " + state + " at " + at);
        }
        return new LedgerRepository.BasisCheck(stored.recordId(), "confirmed", "consent-in-force",
                "consent " + consentId + " stood at " + at, Instant.now());
    }

    private static LedgerRepository.BasisCheck flagged(LedgerRepository.StoredRecord r, String reason, String detail) {
        return new LedgerRepository.BasisCheck(r.recordId(), "flagged", reason, detail, Instant.now());
    }
}
