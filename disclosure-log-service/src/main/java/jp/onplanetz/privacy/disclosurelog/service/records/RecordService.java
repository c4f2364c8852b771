package jp.onplanetz.privacy.disclosurelog.service.records;

import jp.onplanetz.privacy.disclosurelog.service.ledger.LedgerService;
import jp.onplanetz.privacy.runtime.input.Identifiers;
import jp.onplanetz.privacy.disclosurelog.ledger.audit.RecordIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jp.onplanetz.privacy.disclosurelog.config.DisclosureLogConfig;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository;
import jp.onplanetz.privacy.disclosurelog.service.ledger.LedgerService.Appended;
import jp.onplanetz.privacy.disclosurelog.service.ledger.LedgerService.Draft;
import jp.onplanetz.privacy.events.payload.DataUseRecorded;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.input.Prose;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Makes records of provision (APPI Art. 29) and of data received (Art. 30) from what the services report, and
 * appends them to the ledger. A batch is checked whole before anything is written: one bad record refuses all.
 */
@ApplicationScoped
public class RecordService {

    static final String CODE = "^[a-z][a-z0-9-]{1,63}$";

    /** The bases a provision may rest on. */
    public static final String BASIS_CONSENT = "consent";
    /**
     * Person-related information (APPI Art. 31): cookies, device ids and the like, handed to a recipient who will
     * tie them to a person. Allowed only once the recipient has confirmed the person's consent to that.
     */
    public static final String BASIS_PERSON_RELATED = "person-related-confirmation";

    /** The record itself, or a contract with the subject standing in for it (a shorter retention). */
    public static final List<String> RECORD_FORMS = List.of("record", "contract");

    public record Basis(@NotBlank @Size(max = 64) String type, UUID consentId, LocalDate confirmedOn,
            @Size(max = 1000) @Prose String confirmationMethod, Boolean recipientConsentConfirmed) {
    }

    /** A provision to a third party, as an internal system reports it. */
    public record Provision(@NotBlank @Size(max = 128) @Pattern(regexp = Identifiers.SUBJECT_ID) String subjectId,
            @Size(max = 500) String subjectIdentification,
            @NotBlank @Size(max = 64) String recipient,
            @NotNull LocalDate firstDay, LocalDate lastDay,
            @NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 200) String> items,
            @Pattern(regexp = CODE) String purpose,
            @NotNull @Valid Basis basis,
            @Size(max = 32) String recordForm,
            Instant providedAt,
            UUID requestId) {
    }

    public record Party(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 400) String address,
            @Size(max = 200) String representative) {
    }

    /** Data received from a third party (e.g. an external platform), as the receiving system reports it. */
    public record Receiving(@NotBlank @Size(max = 128) @Pattern(regexp = Identifiers.SUBJECT_ID) String subjectId,
            @Size(max = 500) String subjectIdentification,
            @NotNull @Valid Party provider,
            @NotBlank @Size(max = 2000) @Prose String providerObtainedBy,
            @NotNull LocalDate firstDay, LocalDate lastDay,
            @NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 200) String> items,
            @NotBlank @Size(max = 2000) @Prose String consent,
            @Size(max = 32) String recordForm,
            UUID requestId) {
    }

    private final LedgerService ledgerService;
    private final AppendIdempotency appendIdempotency;
    private final LedgerRepository ledger;
    private final RecipientDirectory recipients;
    private final DisclosureLogConfig config;

    public RecordService(LedgerService ledgerService, AppendIdempotency appendIdempotency, LedgerRepository ledger,
            RecipientDirectory recipients, DisclosureLogConfig config) {
        this.ledgerService = ledgerService;
        this.appendIdempotency = appendIdempotency;
        this.ledger = ledger;
        this.recipients = recipients;
        this.config = config;
    }

    @Transactional
    public List<Appended> appendProvisions(List<Provision> provisions, String caller, String fieldPrefix) {
        Batch<Provision> batch = checked(provisions, caller, fieldPrefix, Provision::requestId,
                (p, at, invalid) -> provisionDraft(p, at, caller, invalid));
        List<Appended> appended = batch.append(ledgerService);
        List<UUID> toCheck = new ArrayList<>();
        for (int i = 0; i < appended.size(); i++) {
            Basis basis = batch.drafted().get(i).basis();
            if (BASIS_PERSON_RELATED.equals(basis.type())) {
                // The recipient's confirmation is the basis itself: nothing to ask anyone later.
                ledger.insertBasisCheck(new LedgerRepository.BasisCheck(appended.get(i).recordId(), "confirmed",
                        "recipient-confirmed-consent", "confirmed on " + basis.confirmedOn(),
                        appended.get(i).recordedAt()));
            } else {
                toCheck.add(appended.get(i).recordId());
            }
        }
        if (!toCheck.isEmpty()) {
            ledger.enqueueBasisChecks(toCheck, appended.get(0).recordedAt());
        }
        return batch.call().complete(appended);
    }

    @Transactional
    public List<Appended> appendReceivings(List<Receiving> receivings, String caller, String fieldPrefix) {
        Batch<Receiving> batch = checked(receivings, caller, fieldPrefix, Receiving::requestId,
                (r, at, invalid) -> receivingDraft(r, at, caller, invalid));
        return batch.call().complete(batch.append(ledgerService));
    }

    /** Turns one input of a batch into its draft, or adds what is wrong with it to {@code invalid} and gives null. */
    @FunctionalInterface
    private interface Drafting<T> {
        Draft draft(T input, String at, List<Problem.InvalidParam> invalid);
    }

    /**
     * A batch checked whole: the drafts of its new inputs, the inputs they were made from (in the same order), and
     * the call that found its replays and completes the answer.
     */
    private record Batch<T>(AppendIdempotency.Call call, List<Draft> drafts, List<T> drafted) {
        List<Appended> append(LedgerService ledgerService) {
            return drafts.isEmpty() ? List.of() : ledgerService.append(drafts);
        }
    }

    /**
     * Drafts every input that is not a replay of an earlier request; refuses the whole batch (400, naming each
     * invalid field) when any input is invalid, before anything is written.
     */
    private <T> Batch<T> checked(List<T> inputs, String caller, String fieldPrefix, Function<T, UUID> requestId,
            Drafting<T> drafting) {
        requireBatchSize(inputs.size(), fieldPrefix);
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        List<Draft> drafts = new ArrayList<>();
        List<T> drafted = new ArrayList<>();
        AppendIdempotency.Call call = appendIdempotency.begin(caller, inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            String at = fieldPrefix == null ? "" : fieldPrefix + "[" + i + "].";
            T input = inputs.get(i);
            if (call.isReplay(i, requestId.apply(input), input, at + "requestId")) {
                continue;
            }
            Draft draft = drafting.draft(input, at, invalid);
            if (draft != null) {
                drafts.add(draft);
                drafted.add(input);
            }
        }
        if (!invalid.isEmpty()) {
            throw new ProblemException(Problem.invalid(fieldPrefix == null ? "The record has invalid fields."
                    : "The batch has invalid records; none was written.", invalid));
        }
        return new Batch<>(call, drafts, drafted);
    }

    private Draft provisionDraft(Provision p, String at, String caller, List<Problem.InvalidParam> invalid) {
        int before = invalid.size();
        LocalDate last = checkPeriod(p.firstDay(), p.lastDay(), at, invalid);
        String form = checkForm(p.recordForm(), at, invalid);
        RecipientDirectory.Recipient recipient = null;
        if (p.recipient().matches(CODE)) {
            recipient = recipients.find(p.recipient()).orElse(null);
        }
        if (recipient == null) {
            invalid.add(new Problem.InvalidParam(at + "recipient",
                    "'" + p.recipient() + "' is not a recipient of the policy in force"));
        }
        Map<String, Object> basis = checkBasis(p.basis(), at + "basis", invalid);
        if (invalid.size() > before) {
            return null;
        }
        UUID id = UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recordId", id.toString());
        body.put("kind", RecordIndex.PROVISION);
        body.put("subject", subject(p.subjectId(), p.subjectIdentification()));
        body.put("recipient", recipient(recipient));
        body.put("period", period(p.firstDay(), last));
        body.put("items", List.copyOf(new LinkedHashSet<>(p.items())));
        body.put("purpose", p.purpose());
        body.put("basis", basis);
        body.put("providedAt", p.providedAt() == null ? null : p.providedAt().toString());
        body.put("recordForm", form);
        body.put("source", Map.of("channel", "http", "caller", caller));
        return new Draft(id, RecordIndex.PROVISION, p.subjectId(), recipient.code(), p.firstDay(), last,
                retainUntil(p.firstDay(), last, form), body);
    }

    private Draft receivingDraft(Receiving r, String at, String caller, List<Problem.InvalidParam> invalid) {
        int before = invalid.size();
        LocalDate last = checkPeriod(r.firstDay(), r.lastDay(), at, invalid);
        String form = checkForm(r.recordForm(), at, invalid);
        if (invalid.size() > before) {
            return null;
        }
        UUID id = UUID.randomUUID();
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("name", r.provider().name());
        provider.put("address", r.provider().address());
        provider.put("representative", r.provider().representative());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recordId", id.toString());
        body.put("kind", RecordIndex.RECEIVING);
        body.put("subject", subject(r.subjectId(), r.subjectIdentification()));
        body.put("provider", provider);
        body.put("providerObtainedBy", r.providerObtainedBy());
        body.put("period", period(r.firstDay(), last));
        body.put("items", List.copyOf(new LinkedHashSet<>(r.items())));
        body.put("consent", r.consent());
        body.put("recordForm", form);
        body.put("source", Map.of("channel", "http", "caller", caller));
        return new Draft(id, RecordIndex.RECEIVING, r.subjectId(), r.provider().name(), r.firstDay(), last,
                retainUntil(r.firstDay(), last, form), body);
    }

    /**
     * A provision consent-service permitted (data-use.recorded.v1 with a recipient, on consent). Its decision at
     * that moment is the check of the basis.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Appended recordPermittedProvision(String eventId, DataUseRecorded use) {
        Instant decidedAt = use.decidedAt().toInstant();
        LocalDate day = LocalDate.ofInstant(decidedAt, config.zone());
        DataUseRecorded.RecipientIdentity identity = use.recipientIdentity();
        String recipientCode = use.recipient();
        RecipientDirectory.Recipient recipient = identity != null
                ? new RecipientDirectory.Recipient(recipientCode, identity.name(), identity.address(),
                        identity.representative())
                // Events written before the identity travelled with them: the policy in force must say it.
                : recipients.find(recipientCode).orElse(new RecipientDirectory.Recipient(recipientCode, null, null, null));
        UUID id = UUID.randomUUID();
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("type", use.basis());
        basis.put("consentId", use.consentId() == null ? null : use.consentId().toString());
        basis.put("policyVersion", use.policyVersion());
        List<String> items = use.categories();
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("channel", "event");
        source.put("eventId", eventId);
        source.put("useId", use.useId().toString());
        source.put("caller", use.caller());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recordId", id.toString());
        body.put("kind", RecordIndex.PROVISION);
        body.put("subject", subject(use.subjectId(), null));
        body.put("recipient", recipient(recipient));
        body.put("period", period(day, day));
        body.put("items", items);
        body.put("purpose", use.purpose());
        body.put("basis", basis);
        body.put("providedAt", decidedAt.toString());
        body.put("recordForm", "record");
        body.put("source", source);
        Appended appended = ledgerService.append(List.of(new Draft(id, RecordIndex.PROVISION, use.subjectId(),
                recipientCode, day, day, retainUntil(day, day, "record"), body))).get(0);
        ledger.insertBasisCheck(new LedgerRepository.BasisCheck(id, "confirmed", "permitted-by-consent-service",
                "use " + use.useId() + " permitted at " + decidedAt, appended.recordedAt()));
        return appended;
    }

    /**
     * How long a record is kept (APPI Enforcement Rules Art. 21): one year from the last provision where a
     * contract with the subject stands in for it; three years from the last day for continuous or bulk provision;
     * otherwise three years from the day the record was made.
     */
    LocalDate retainUntil(LocalDate firstDay, LocalDate lastDay, String form) {
        if ("contract".equals(form)) {
            return lastDay.plusYears(config.retention().contractYears());
        }
        LocalDate from = firstDay.equals(lastDay) ? max(today(), lastDay) : lastDay;
        return from.plusYears(config.retention().years());
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private LocalDate checkPeriod(LocalDate first, LocalDate last, String at, List<Problem.InvalidParam> invalid) {
        LocalDate lastDay = last == null ? first : last;
        if (first != null && first.isAfter(today())) {
            invalid.add(new Problem.InvalidParam(at + "firstDay", "must not be in the future: a record is of a provision made"));
        }
        if (first != null && lastDay.isBefore(first)) {
            invalid.add(new Problem.InvalidParam(at + "lastDay", "must not be before firstDay"));
        } else if (lastDay != null && lastDay.isAfter(today())) {
            invalid.add(new Problem.InvalidParam(at + "lastDay", "must not be in the future"));
        }
        return lastDay;
    }

    private static String checkForm(String form, String at, List<Problem.InvalidParam> invalid) {
        if (form == null) {
            return "record";
        }
        if (!RECORD_FORMS.contains(form)) {
            invalid.add(new Problem.InvalidParam(at + "recordForm", "one of " + RECORD_FORMS));
        }
        return form;
    }

    private Map<String, Object> checkBasis(Basis b, String at, List<Problem.InvalidParam> invalid) {
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("type", b.type());
        if (BASIS_CONSENT.equals(b.type())) {
            if (b.consentId() == null) {
                invalid.add(new Problem.InvalidParam(at + ".consentId", "a provision on consent names the consent record"));
            }
            basis.put("consentId", b.consentId() == null ? null : b.consentId().toString());
        } else if (BASIS_PERSON_RELATED.equals(b.type())) {
            if (!Boolean.TRUE.equals(b.recipientConsentConfirmed())) {
                invalid.add(new Problem.InvalidParam(at + ".recipientConsentConfirmed",
                        "must be true: person-related information goes only to a recipient who confirmed the person's consent"));
            }
            if (b.confirmedOn() == null) {
                invalid.add(new Problem.InvalidParam(at + ".confirmedOn", "the day the confirmation was made"));
            } else if (b.confirmedOn().isAfter(today())) {
                invalid.add(new Problem.InvalidParam(at + ".confirmedOn", "must not be in the future"));
            }
            if (b.confirmationMethod() == null || b.confirmationMethod().isBlank()) {
                invalid.add(new Problem.InvalidParam(at + ".confirmationMethod", "how the confirmation was made"));
            }
            basis.put("confirmedOn", b.confirmedOn() == null ? null : b.confirmedOn().toString());
            basis.put("confirmationMethod", b.confirmationMethod());
            basis.put("recipientConsentConfirmed", b.recipientConsentConfirmed());
        } else {
            invalid.add(new Problem.InvalidParam(at + ".type", "one of [" + BASIS_CONSENT + ", " + BASIS_PERSON_RELATED
                    + "]; uses on a legal exception are decided by consent-service and kept apart"));
        }
        return basis;
    }

    private void requireBatchSize(int size, String fieldPrefix) {
        if (fieldPrefix != null && size > config.ledger().maxBatch()) {
            throw ProblemException.invalidField(fieldPrefix, "at most " + config.ledger().maxBatch() + " records in one batch");
        }
    }

    private static Map<String, Object> subject(String id, String identification) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("id", id);
        subject.put("identification", identification);
        return subject;
    }

    private static Map<String, Object> recipient(RecipientDirectory.Recipient r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", r.code());
        m.put("name", r.name());
        m.put("address", r.address());
        m.put("representative", r.representative());
        return m;
    }

    private static Map<String, Object> period(LocalDate first, LocalDate last) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("firstDay", first.toString());
        m.put("lastDay", last.toString());
        return m;
    }

    private LocalDate today() {
        return LocalDate.now(config.zone());
    }
}
