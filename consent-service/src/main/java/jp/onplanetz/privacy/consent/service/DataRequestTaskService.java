package jp.onplanetz.privacy.consent.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.consent.ConsentHistoryEntry;
import jp.onplanetz.privacy.consent.ConsentRecord;
import jp.onplanetz.privacy.consent.decision.PolicySnapshot;
import jp.onplanetz.privacy.consent.policy.PolicyContent;
import jp.onplanetz.privacy.consent.policy.PolicyContent.LegalBasis;
import jp.onplanetz.privacy.consent.repository.ConsentHistoryRepository;
import jp.onplanetz.privacy.consent.repository.ConsentRepository;
import jp.onplanetz.privacy.events.datarequest.DataRequestTask;
import jp.onplanetz.privacy.events.datarequest.Outcome;
import jp.onplanetz.privacy.events.datarequest.RequestType;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestHandler;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestsConfig;
import jp.onplanetz.privacy.runtime.datarequest.DisclosureSizeLimit;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.time.UtcTimes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * consent-service's part of a data subject's request (APPI Art. 33-35). Each task from data-request-service is
 * carried out and answered in the caller's transaction (the consumer's, with its inbox row), the answer through the
 * outbox: an answer is published only for work that was committed, and no committed work goes unanswered.
 * <p>
 * What consent-service holds are the records of the subject's consent decisions and their append-only history. They
 * are the proof of consent the company must keep, so no request deletes them: a request to delete or to stop a use
 * or a provision <em>withdraws</em> the consents concerned, through the same path as a withdrawal by the subject
 * ({@link ConsentService#withdrawOpen}: history, {@code consent.withdrawn.v1}, the decision projection), with the
 * request as the actor ({@code data-request:<requestId>}).
 * <ul>
 * <li><b>deletion</b>: every open consent (granted or awaiting renewal) is withdrawn.</li>
 * <li><b>cessation-of-use</b>, <b>consent-withdrawal</b>: the open consents to the purposes named (none named: to
 * every purpose), to every recipient. A purpose named that rests on the contract, not on consent, or that the policy
 * does not know is reported in the detail: withdrawing consent does not end a contract-based use, which the privacy
 * officer reviews.</li>
 * <li><b>cessation-of-provision</b>: the open consents to provide data to the recipients named (none named: to any
 * recipient).</li>
 * <li><b>disclosure</b>: the consent records as kept, with their histories (see {@link #disclosure}).</li>
 * <li><b>provision-record-disclosure</b>, <b>correction</b>: not-applicable, with the reason.</li>
 * </ul>
 * A task repeated under a new event id (data-request-service re-sends to systems that did not answer) is carried out
 * again harmlessly (nothing open is left to withdraw) and answered again.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DataRequestTaskService implements DataRequestHandler {

    /** The actor recorded on withdrawals made for a request, followed by the request's id. */
    public static final String ACTOR_PREFIX = "data-request:";
    /** The actor ConsentService records when a publication makes a consent await renewal. */
    private static final String POLICY_PUBLICATION = "policy-publication";

    /** How many codes a detail names before it says "and N more". */
    private static final int CODES_NAMED = 8;

    static final String RECEIPT_KEYS_PATH = ReceiptService.KEYS_PATH;

    private static final String RECORDS_KEPT = " The records of your consents and their history are kept, not deleted:"
            + " they are the proof of what you agreed to, when, and that you withdrew, which the company must keep.";

    static final String ABOUT_DISCLOSURE = "The records of your consent decisions that consent-service keeps, the most"
            + " recent first. Each gives the purpose (and, where your data goes to a third party, the recipient), the"
            + " data categories it covered, its state (granted; reconsent-required: awaiting your renewal after a change"
            + " of the privacy policy; superseded: replaced by your renewal; withdrawn), policyVersion: the SHA-256 of"
            + " the privacy policy version you agreed to (its text: GET /api/v1/policy/versions/<policyVersion>), how"
            + " (method) and where (channel) you gave it, when, until when, when it was withdrawn, the evidence kept of"
            + " how it was given (your browser's or app's user agent, and your IP address cut to its network), and its"
            + " history. grantedBy, withdrawnBy and by are: you; operator (our support staff, acting on your behalf);"
            + " data-request:<id> (one of your requests); policy-publication (a change of the policy). receipt is where"
            + " the signed consent receipt (ISO/IEC TS 27560) can be downloaded from consent-service's API when signed"
            + " in as you; the keys at receiptKeys verify its signature.";

    static final String PROVISION_RECORDS_ARE_THE_LOGS = "Records of the provision of your data to third parties are"
            + " kept by the disclosure log, which answers this request; consent-service keeps only your consents, on"
            + " which such provision relies.";

    static final String DECISIONS_ARE_NOT_CORRECTED = "consent-service keeps no profile attributes to correct: only"
            + " the records of your consent decisions as they were made (what you agreed to, when and how), which must"
            + " stay as they happened. To change a decision, grant or withdraw your consent.";

    private final ConsentService consentService;
    private final ConsentRepository consents;
    private final ConsentHistoryRepository history;
    private final PolicyInForce policyInForce;
    private final Outbox outbox;
    private final DataRequestsConfig config;
    private final ObjectMapper json;

    public DataRequestTaskService(ConsentService consentService, ConsentRepository consents,
            ConsentHistoryRepository history, PolicyInForce policyInForce, Outbox outbox, DataRequestsConfig config,
            ObjectMapper json) {
        this.consentService = consentService;
        this.consents = consents;
        this.history = history;
        this.policyInForce = policyInForce;
        this.outbox = outbox;
        this.config = config;
        this.json = json;
    }

    @Override
    public Map<RequestType, String> notApplicableReasons() {
        return Map.of(RequestType.PROVISION_RECORD_DISCLOSURE, PROVISION_RECORDS_ARE_THE_LOGS,
                RequestType.CORRECTION, DECISIONS_ARE_NOT_CORRECTED);
    }

    @Override
    public Answer deletion(DataRequestTask task, String eventId) {
        List<ConsentRecord> withdrawn = consentService.withdrawOpen(task.subjectId(), c -> true, actor(task));
        List<ConsentRecord> held = consents.ofSubject(task.subjectId());
        if (held.isEmpty()) {
            return Answer.nothingHeld("consent-service holds no record of a consent decision of yours.");
        }
        String done = withdrawn.isEmpty()
                ? "None of your " + count(held.size(), "consent") + " was still in force, so none was withdrawn."
                : withdrawnSentence(withdrawn) + " No use of your data may rely on "
                        + (withdrawn.size() == 1 ? "it" : "them") + " any more.";
        return Answer.completed(done + RECORDS_KEPT, withdrawn.size());
    }

    /** By purpose, to every recipient (a consent withdrawal too). */
    @Override
    public Answer cessationOfUse(DataRequestTask task, String eventId) {
        Set<String> named = new LinkedHashSet<>(task.purposes());
        boolean every = named.isEmpty();
        List<ConsentRecord> withdrawn = consentService.withdrawOpen(task.subjectId(),
                c -> every || named.contains(c.purpose), actor(task));
        List<ConsentRecord> held = consents.ofSubject(task.subjectId());
        PolicyContent policy = policyInForce.get().map(PolicySnapshot::content).orElse(null);

        List<String> contract = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> noneInForce = new ArrayList<>();
        if (every) {
            if (task.requestType() == RequestType.CESSATION_OF_USE && policy != null) {
                policy.purposes().stream().filter(p -> p.legalBasis() == LegalBasis.CONTRACT)
                        .forEach(p -> contract.add(p.code()));
            }
        } else {
            Set<String> heldPurposes = held.stream().map(c -> c.purpose).collect(Collectors.toSet());
            Set<String> withdrawnPurposes = withdrawn.stream().map(c -> c.purpose).collect(Collectors.toSet());
            for (String code : named) {
                PolicyContent.Purpose purpose = policy == null ? null : policy.purpose(code).orElse(null);
                if (purpose != null && purpose.legalBasis() == LegalBasis.CONTRACT) {
                    contract.add(code);
                } else if (purpose == null && !heldPurposes.contains(code)) {
                    unknown.add(code);
                } else if (!withdrawnPurposes.contains(code)) {
                    noneInForce.add(code);
                }
            }
        }

        // (purposes named that rest on the contract or are unknown are spoken of below)
        StringBuilder detail = withdrawn(held, withdrawn, every, noneInForce, "", "any purpose", "use");
        if (!contract.isEmpty()) {
            detail.append(every ? " Our uses of your data that rest on the contract for the service you use ("
                    + codes(contract) + ") do not rely on your consent, so withdrawing consent does not end them;"
                    : " " + codes(contract) + (contract.size() == 1 ? " rests" : " rest") + " on the contract for the"
                            + " service you use, not on your consent, so withdrawing consent does not end "
                            + (contract.size() == 1 ? "it;" : "them;"))
                    .append(" the privacy officer reviews this part of your request.");
        }
        return withdrawals(detail, unknown, "purpose", " of our privacy policy.", held, withdrawn);
    }

    /** Withdrawing consents is what a cessation of use does here, with the contract-based purposes left aside. */
    @Override
    public Answer consentWithdrawal(DataRequestTask task, String eventId) {
        return cessationOfUse(task, eventId);
    }

    /** The consents that give data to a recipient, by recipient. */
    @Override
    public Answer cessationOfProvision(DataRequestTask task, String eventId) {
        Set<String> named = new LinkedHashSet<>(task.recipients());
        boolean every = named.isEmpty();
        List<ConsentRecord> withdrawn = consentService.withdrawOpen(task.subjectId(),
                c -> c.recipient != null && (every || named.contains(c.recipient)), actor(task));
        List<ConsentRecord> held = consents.ofSubject(task.subjectId());
        PolicyContent policy = policyInForce.get().map(PolicySnapshot::content).orElse(null);

        List<String> unknown = new ArrayList<>();
        List<String> noneInForce = new ArrayList<>();
        Set<String> heldRecipients = held.stream().map(c -> c.recipient).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Set<String> withdrawnRecipients = withdrawn.stream().map(c -> c.recipient).collect(Collectors.toSet());
        for (String code : named) {
            if ((policy == null || policy.recipient(code).isEmpty()) && !heldRecipients.contains(code)) {
                unknown.add(code);
            } else if (!withdrawnRecipients.contains(code)) {
                noneInForce.add(code);
            }
        }

        StringBuilder detail = withdrawn(held, withdrawn, every, noneInForce, "provide your data to ", "a third party",
                "provision");
        return withdrawals(detail, unknown, "recipient", " named in our privacy policy.", held, withdrawn);
    }

    /**
     * The start of a withdrawal's answer: what was withdrawn, or why nothing was.
     *
     * @param to         what the consents were to, before the codes ("provide your data to ", or nothing for purposes)
     * @param everything what "to" covers when the request named nothing
     * @param relying    what may no longer rely on the withdrawn consents ("use", "provision")
     */
    private static StringBuilder withdrawn(List<ConsentRecord> held, List<ConsentRecord> withdrawn, boolean every,
            List<String> noneInForce, String to, String everything, String relying) {
        StringBuilder detail = new StringBuilder();
        if (held.isEmpty()) {
            detail.append("consent-service holds no record of a consent decision of yours, so there was no consent to"
                    + " withdraw.");
        } else if (withdrawn.isEmpty()) {
            if (every || !noneInForce.isEmpty()) {
                detail.append("None of your consents to ").append(to).append(every ? everything : codes(noneInForce))
                        .append(" was still in force, so none was withdrawn.");
            }
        } else {
            detail.append(withdrawnSentence(withdrawn)).append(" No ").append(relying)
                    .append(" of your data may rely on ").append(withdrawn.size() == 1 ? "it" : "them").append(" any more.");
            if (!noneInForce.isEmpty()) {
                detail.append(" You had no consent in force to ").append(to).append(codes(noneInForce)).append('.');
            }
        }
        return detail;
    }

    /**
     * A withdrawal's answer, after what was withdrawn: the codes named that are no {@code noun} of the policy, and
     * that the records stay.
     */
    private static Answer withdrawals(StringBuilder detail, List<String> unknown, String noun, String where,
            List<ConsentRecord> held, List<ConsentRecord> withdrawn) {
        if (!unknown.isEmpty()) {
            detail.append(' ').append(codes(unknown)).append(unknown.size() == 1 ? " is not a " + noun
                    : " are not " + noun + "s").append(where);
        }
        if (!withdrawn.isEmpty()) {
            detail.append(RECORDS_KEPT);
        }
        return new Answer(held.isEmpty() ? Outcome.NOTHING_HELD : Outcome.COMPLETED, detail.toString().strip(),
                withdrawn.size(), null);
    }

    @Override
    public Answer disclosure(DataRequestTask task, String eventId) {
        // Writers of the subject's consents hold this lock: the records and their histories are read as one state.
        outbox.lockKey(task.subjectId());
        List<ConsentRecord> held = consents.ofSubject(task.subjectId());
        if (held.isEmpty()) {
            return Answer.nothingHeld("consent-service holds no record of a consent decision of yours.");
        }
        Map<UUID, List<ConsentHistoryEntry>> histories = history.ofConsents(held.stream().map(c -> c.id).toList())
                .stream().collect(Collectors.groupingBy(h -> h.consentId, LinkedHashMap::new, Collectors.toList()));
        List<ConsentRecord> newestFirst = new ArrayList<>(held);
        Collections.reverse(newestFirst);
        Disclosure disclosure = disclosure(task.subjectId(), newestFirst, histories, config.disclosureMaxBytes(),
                json);
        int n = held.size();
        String detail = "consent-service keeps " + count(n, "record") + " of your consent decisions; "
                + (disclosure.listed() == n
                ? (n == 1 ? "it is" : "they are") + " listed in the data, each with its history and where its signed"
                        + " receipt can be downloaded."
                : "the data lists the " + disclosure.listed() + " most recent, each with its history and where its"
                        + " signed receipt can be downloaded, as one answer can carry no more; the older ones remain"
                        + " available from consent-service's list of your consents.");
        return Answer.disclosed(detail, n, disclosure.data());
    }

    static String actor(DataRequestTask task) {
        return ACTOR_PREFIX + task.requestId();
    }

    /** "Withdrawn: 2 consents (newsletter; third-party-ads to acme-ads)." */
    private static String withdrawnSentence(List<ConsentRecord> withdrawn) {
        return "Withdrawn: " + count(withdrawn.size(), "consent") + " ("
                + codes(withdrawn.stream().map(c -> c.recipient == null ? c.purpose : c.purpose + " to " + c.recipient)
                .toList(), "; ") + ").";
    }

    private static String count(int n, String noun) {
        return n == 1 ? "1 " + noun : n + " " + noun + "s";
    }

    static String codes(Collection<String> codes) {
        return codes(codes, ", ");
    }

    /** At most {@link #CODES_NAMED} of them, then how many more: a detail is at most 2,000 characters. */
    private static String codes(Collection<String> codes, String separator) {
        List<String> list = List.copyOf(codes);
        if (list.size() <= CODES_NAMED) {
            return String.join(separator, list);
        }
        return String.join(separator, list.subList(0, CODES_NAMED)) + " and " + (list.size() - CODES_NAMED)
                + " more";
    }


    /** A disclosure's {@code data} document, and how many consents it lists. */
    record Disclosure(Map<String, Object> data, int listed) {
    }

    /**
     * The subject's consents as consent-service keeps them, the most recent first, as many as fit in {@code maxBytes}
     * of JSON, each with its history and the path of its signed receipt. The evidence of how a consent was given
     * (user agent, IP address cut to its network) is the subject's data too, so it is listed. Who acted is named by
     * role (you, operator), not by the staff member's own id, which is not the subject's data.
     */
    static Disclosure disclosure(String subjectId, List<ConsentRecord> newestFirst,
            Map<UUID, List<ConsentHistoryEntry>> histories, int maxBytes, ObjectMapper json) {
        List<Map<String, Object>> listed = new ArrayList<>();
        DisclosureSizeLimit limit = new DisclosureSizeLimit(json, maxBytes);
        for (ConsentRecord c : newestFirst) {
            Map<String, Object> item = disclosed(subjectId, c, histories.getOrDefault(c.id, List.of()));
            if (!limit.take(item)) {
                break;
            }
            listed.add(item);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("about", ABOUT_DISCLOSURE);
        data.put("consentsHeld", newestFirst.size());
        data.put("consentsListed", listed.size());
        data.put("receiptKeys", RECEIPT_KEYS_PATH);
        data.put("consents", listed);
        return new Disclosure(data, listed.size());
    }

    private static Map<String, Object> disclosed(String subjectId, ConsentRecord c, List<ConsentHistoryEntry> entries) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", c.id.toString());
        item.put("purpose", c.purpose);
        item.put("recipient", c.recipient);
        item.put("categories", c.categories);
        item.put("state", c.state);
        item.put("policyVersion", c.policyVersion);
        item.put("method", c.method);
        item.put("channel", c.channel);
        item.put("grantedAt", UtcTimes.rfc3339(c.grantedAt));
        item.put("grantedBy", who(c.grantedBy, subjectId));
        item.put("expiresAt", UtcTimes.rfc3339(c.expiresAt));
        item.put("withdrawnAt", UtcTimes.rfc3339(c.withdrawnAt));
        item.put("withdrawnBy", c.withdrawnBy == null ? null : who(c.withdrawnBy, subjectId));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("userAgent", c.userAgent);
        evidence.put("ipNetwork", c.ipPrefix);
        item.put("evidence", evidence);
        item.put("receipt", receiptPath(subjectId, c.id));
        List<Map<String, Object>> events = new ArrayList<>();
        for (ConsentHistoryEntry h : entries) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("action", h.action);
            e.put("occurredAt", UtcTimes.rfc3339(h.occurredAt));
            e.put("policyVersion", h.policyVersion);
            e.put("by", who(h.actor, subjectId));
            events.add(e);
        }
        item.put("history", events);
        return item;
    }

    /** Where ConsentResource serves the consent's signed receipt. */
    static String receiptPath(String subjectId, UUID consentId) {
        return "/api/v1/subjects/" + subjectId + "/consents/" + consentId + "/receipt";
    }

    /** Who acted, as the subject may read it: a staff member's own id is theirs, not the subject's. */
    static String who(String actor, String subjectId) {
        if (actor.equals(subjectId)) {
            return "you";
        }
        if (actor.startsWith(ACTOR_PREFIX) || actor.equals(POLICY_PUBLICATION)) {
            return actor;
        }
        return "operator";
    }


}
