package jp.onplanetz.privacy.consent.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.consent.ConsentHistoryEntry;
import jp.onplanetz.privacy.consent.ConsentRecord;
import jp.onplanetz.privacy.consent.PolicyVersion;
import jp.onplanetz.privacy.consent.policy.PolicyCanon;
import jp.onplanetz.privacy.consent.policy.PolicyContent;
import jp.onplanetz.privacy.consent.receipt.ReceiptSigner;
import jp.onplanetz.privacy.consent.repository.ConsentHistoryRepository;
import jp.onplanetz.privacy.consent.repository.PolicyRepository;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Consent receipts in the structure of ISO/IEC TS 27560 (consent record information structure), which
 * grew out of the Kantara Consent Receipt 1.1: record and receipt ids, schema version, the PII principal,
 * the controller, jurisdiction, purposes with their data categories and recipients, how and when consent
 * was collected, its state and how to withdraw it, and the hash of the policy version agreed to. The
 * receipt is signed as a JWS; anyone can verify it with the published key alone.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ReceiptService {

    public static final String SCHEMA_VERSION = "onplanetz-consent-receipt/1.0 (ISO/IEC TS 27560:2023; Kantara CR 1.1)";
    public static final String KEYS_PATH = "/api/v1/receipts/keys";

    /** The receipt, and the same receipt as a compact JWS whose payload is exactly {@code receipt}. */
    public record SignedReceipt(Map<String, Object> receipt, String jws, String keysUrl) {
    }

    private final PolicyRepository policies;
    private final ConsentHistoryRepository history;
    private final ReceiptSigner signer;

    public ReceiptService(PolicyRepository policies, ConsentHistoryRepository history, ReceiptSigner signer) {
        this.policies = policies;
        this.history = history;
        this.signer = signer;
    }

    public SignedReceipt receiptFor(ConsentRecord c) {
        // An unknown value is left out rather than written as null: JWT claim sets carry no nulls.
        @SuppressWarnings("unchecked")
        Map<String, Object> receipt = (Map<String, Object>) withoutNulls(receipt(c));
        return new SignedReceipt(receipt, signer.sign(receipt), KEYS_PATH);
    }

    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    out.put((String) k, withoutNulls(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(java.util.Objects::nonNull).map(ReceiptService::withoutNulls).toList();
        }
        return value;
    }

    Map<String, Object> receipt(ConsentRecord c) {
        PolicyVersion version = policies.byHash(c.policyVersion)
                .orElseThrow(() -> new IllegalStateException("consent " + c.id + " names an unknown policy version"));
        PolicyContent policy = PolicyCanon.parse(version.content);
        PolicyContent.Purpose purpose = policy.purpose(c.purpose)
                .orElseThrow(() -> new IllegalStateException("purpose " + c.purpose + " missing from its own version"));
        List<ConsentHistoryEntry> events = history.ofConsent(c.id);
        ConsentHistoryEntry last = events.get(events.size() - 1);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("schemaVersion", SCHEMA_VERSION);
        // One receipt per state of the record: the same request gives the same receipt until the record changes.
        r.put("receiptId", UUID.nameUUIDFromBytes((c.id + "/" + last.seq).getBytes(StandardCharsets.UTF_8)).toString());
        r.put("recordId", c.id.toString());
        r.put("issuedAt", time(last.occurredAt));
        r.put("jurisdiction", "JP");
        r.put("legalFramework", "Act on the Protection of Personal Information (APPI)");
        r.put("language", "en");
        r.put("piiPrincipalId", c.subjectId);
        Map<String, Object> controller = new LinkedHashMap<>();
        controller.put("name", policy.controller().name());
        controller.put("contact", policy.controller().contact());
        controller.put("address", policy.controller().address());
        r.put("piiControllers", List.of(controller));
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("policyVersion", c.policyVersion);
        notice.put("policyVersionNumber", version.number);
        notice.put("policyUrl", "/api/v1/policy/versions/" + c.policyVersion);
        r.put("notice", notice);

        Map<String, Object> p = new LinkedHashMap<>();
        p.put("purposeId", purpose.code());
        p.put("purpose", purpose.name());
        p.put("dpvPurpose", purpose.dpv());
        p.put("lawfulBasis", purpose.legalBasis().code());
        p.put("policyRef", purpose.policyRef());
        List<Map<String, Object>> categories = new ArrayList<>();
        for (String code : c.categories) {
            Map<String, Object> cat = new LinkedHashMap<>();
            cat.put("code", code);
            policy.category(code).ifPresent(k -> {
                cat.put("name", k.name());
                cat.put("dpvPersonalData", k.dpv());
            });
            categories.add(cat);
        }
        p.put("piiCategories", categories);
        p.put("thirdPartyDisclosure", purpose.thirdParty());
        List<Map<String, Object>> recipients = new ArrayList<>();
        if (c.recipient != null) {
            policy.recipient(c.recipient).ifPresent(rc -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", rc.code());
                m.put("name", rc.name());
                m.put("address", rc.address());
                m.put("representative", rc.representative());
                recipients.add(m);
            });
        }
        p.put("recipients", recipients);
        p.put("expiresAt", c.expiresAt == null ? null : time(c.expiresAt));
        r.put("purposes", List.of(p));

        Map<String, Object> collection = new LinkedHashMap<>();
        collection.put("method", c.method);
        collection.put("channel", c.channel);
        collection.put("collectedAt", time(c.grantedAt));
        collection.put("collectedBy", c.grantedBy);
        collection.put("userAgent", c.userAgent);
        collection.put("ipPrefix", c.ipPrefix);
        r.put("collection", collection);

        Map<String, Object> state = new LinkedHashMap<>();
        state.put("current", c.state);
        state.put("since", time(c.updatedAt));
        List<Map<String, Object>> changes = new ArrayList<>();
        for (ConsentHistoryEntry h : events) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("action", h.action);
            e.put("at", time(h.occurredAt));
            e.put("by", h.actor);
            e.put("policyVersion", h.policyVersion);
            changes.add(e);
        }
        state.put("history", changes);
        r.put("state", state);

        Map<String, Object> withdrawal = new LinkedHashMap<>();
        withdrawal.put("method", "POST /api/v1/subjects/" + c.subjectId + "/consents/" + c.id + "/withdrawal");
        withdrawal.put("description", "One call, as easy as granting: in the app's consent settings, or by asking "
                + policy.controller().contact() + ".");
        r.put("withdrawal", withdrawal);
        return r;
    }

    /** RFC 3339 in UTC to the millisecond: a receipt's times read the same wherever it is verified. */
    private static String time(java.time.OffsetDateTime t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.toInstant().truncatedTo(ChronoUnit.MILLIS));
    }
}
