package jp.onplanetz.privacy.disclosurelog.service.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.ledger.EntryHeader;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository.AppendRequest;
import jp.onplanetz.privacy.disclosurelog.service.ledger.LedgerService.Appended;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.problem.ProblemException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes HTTP appends idempotent: a caller that did not hear the answer sends the same request again with the same
 * {@code requestId} and gets the record it made the first time, instead of a second record of one provision in a
 * ledger that cannot be corrected. The same id with another request is refused (409).
 */
@ApplicationScoped
public class AppendIdempotency {

    private record NewRequest(UUID requestId, byte[] requestSha256) {
    }

    /** What one append call has found so far: the records its replays name, and the new requests to remember. */
    public final class Call {
        private final String caller;
        private final Appended[] results;
        private final List<Integer> fresh = new ArrayList<>();
        private final Map<Integer, NewRequest> toRemember = new LinkedHashMap<>();

        private Call(String caller, int size) {
            this.caller = caller;
            this.results = new Appended[size];
        }

        /**
         * @return true when input {@code i} repeats an earlier request: its record is the earlier one, and it must not
         *         be appended again
         * @throws ProblemException 409 when the id was used for a different request
         */
        public boolean isReplay(int i, UUID requestId, Object input, String field) {
            if (requestId == null) {
                fresh.add(i);
                return false;
            }
            byte[] sha = sha256(input);
            // Two copies of one request arriving together: the second waits here and then finds the first.
            outbox.lockKey("append-request:" + caller + ":" + requestId);
            Optional<AppendRequest> earlier = ledger.appendRequest(caller, requestId);
            if (earlier.isEmpty()) {
                fresh.add(i);
                toRemember.put(i, new NewRequest(requestId, sha));
                return false;
            }
            if (!Arrays.equals(earlier.get().requestSha256(), sha)) {
                throw ProblemException.conflict("request-id-reused", field + " " + requestId
                        + " was used before for a different record; a new record needs a new requestId");
            }
            UUID recordId = earlier.get().recordId();
            LedgerRepository.StoredRecord stored = ledger.record(recordId).orElseThrow();
            results[i] = new Appended(recordId, stored.logId(), stored.seq(), stored.recordedAt(), true);
            return true;
        }

        /** The results in input order, given what the new inputs appended (in their order); remembers their ids. */
        public List<Appended> complete(List<Appended> appended) {
            for (int k = 0; k < fresh.size(); k++) {
                int i = fresh.get(k);
                results[i] = appended.get(k);
                NewRequest request = toRemember.get(i);
                if (request != null) {
                    ledger.rememberAppendRequest(caller, request.requestId(),
                            new AppendRequest(results[i].recordId(), request.requestSha256()));
                }
            }
            return List.of(results);
        }
    }

    private final Outbox outbox;
    private final LedgerRepository ledger;
    private final ObjectMapper json;

    public AppendIdempotency(Outbox outbox, LedgerRepository ledger, ObjectMapper json) {
        this.outbox = outbox;
        this.ledger = ledger;
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Call begin(String caller, int size) {
        return new Call(caller, size);
    }

    private byte[] sha256(Object input) {
        try {
            return EntryHeader.payloadSha256(json.writeValueAsString(input));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request is not serialisable", e);
        }
    }

}
