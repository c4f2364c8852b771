package jp.onplanetz.privacy.consent.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Category;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Controller;
import jp.onplanetz.privacy.consent.policy.PolicyContent.LegalBasis;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Purpose;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Recipient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyCanonTest {

    private static final Category EMAIL = new Category("profile.email", "E-mail address", "pd:EmailAddress");
    private static final Category IP = new Category("log.ip-address", "IP address", null);
    private static final Purpose ADS = new Purpose("ads", "Ads", LegalBasis.CONSENT, true,
            List.of("profile.email", "log.ip-address"), "dpv:Advertising", null);
    private static final Purpose NEWSLETTER = new Purpose("newsletter", "Newsletter", LegalBasis.CONSENT, false,
            List.of("profile.email"), null, "Art. 3(2)");
    private static final Recipient ACME = new Recipient("acme", "Acme K.K.", "Tokyo", "CEO", List.of("ads"));

    /** Lists deliberately out of code order, and a non-ASCII name: the hash must be over UTF-8. */
    private static final PolicyContent SMALL = new PolicyContent(
            new Controller("株式会社オンプラネッツ", "privacy@example.jp", null),
            List.of(EMAIL, IP), List.of(NEWSLETTER, ADS), List.of(ACME));

    /**
     * Written by hand from the rules (keys sorted at every level, lists sorted by code, nulls written, no
     * white space, non-ASCII as is), not produced by the code under test.
     */
    private static final String SMALL_CANONICAL = "{\"categories\":["
            + "{\"code\":\"log.ip-address\",\"dpv\":null,\"name\":\"IP address\"},"
            + "{\"code\":\"profile.email\",\"dpv\":\"pd:EmailAddress\",\"name\":\"E-mail address\"}],"
            + "\"controller\":{\"address\":null,\"contact\":\"privacy@example.jp\",\"name\":\"株式会社オンプラネッツ\"},"
            + "\"purposes\":["
            + "{\"categories\":[\"log.ip-address\",\"profile.email\"],\"code\":\"ads\",\"dpv\":\"dpv:Advertising\","
            + "\"legalBasis\":\"consent\",\"name\":\"Ads\",\"policyRef\":null,\"thirdParty\":true},"
            + "{\"categories\":[\"profile.email\"],\"code\":\"newsletter\",\"dpv\":null,"
            + "\"legalBasis\":\"consent\",\"name\":\"Newsletter\",\"policyRef\":\"Art. 3(2)\",\"thirdParty\":false}],"
            + "\"recipients\":[{\"address\":\"Tokyo\",\"code\":\"acme\",\"name\":\"Acme K.K.\",\"purposes\":[\"ads\"],"
            + "\"representative\":\"CEO\"}]}";

    /** SHA-256 of SMALL_CANONICAL's UTF-8 bytes, computed outside Java (Python hashlib). */
    private static final String SMALL_HASH = "bcefb8bc814a8c07a9d73bec78c7587413b99b1c77013a3934fc40ec088eb660";

    /**
     * The seeded policy's identity, computed outside Java (Python: lists sorted by code, json.dumps with
     * sort_keys, no separators' spaces, ensure_ascii off, SHA-256 of UTF-8). If this moves, every published
     * version's hash moved with it (a library upgrade changed the canonical text): that must never pass silently.
     */
    private static final String SEED_HASH = "9644f83b5bedcbbc0f841233db16dc2b0b8f792697a185ead922c0d7c62e0b10";

    @Test
    void canonicalJsonOfASmallContentIsExactlyTheHandWrittenText() {
        assertThat(PolicyCanon.canonicalJson(SMALL)).isEqualTo(SMALL_CANONICAL);
    }

    @Test
    void hashIsLowerCaseHexSha256OfTheCanonicalJsonsUtf8Bytes() throws Exception {
        String recomputed = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(PolicyCanon.canonicalJson(SMALL).getBytes(StandardCharsets.UTF_8)));

        assertThat(PolicyCanon.hash(SMALL))
                .isEqualTo(recomputed)
                .isEqualTo(SMALL_HASH)
                .matches("^[0-9a-f]{64}$");
    }

    @Test
    void theSeededPolicyHashIsTheOneAnOutsiderComputes() {
        assertThat(PolicyCanon.hash(SeedPolicy.content())).isEqualTo(SEED_HASH);
    }

    @Test
    void stringsAreEscapedAsRfc8785Does() {
        // JCS: the short escapes for \b \t \n \f \r, " and \, other controls as u00xx escapes in LOWER-case hex, and
        // everything else (DEL, U+2028, non-ASCII) as is. An outsider's JCS library must get our bytes.
        String name = "q\"b\\s/\b\t\n\f\r\u0001\u001f\u007f\u2028é";
        PolicyContent c = SMALL.withController(new Controller(name, "x", null));

        assertThat(PolicyCanon.canonicalJson(c)).contains(
                "\"name\":\"q\\\"b\\\\s/\\b\\t\\n\\f\\r\\u0001\\u001f\u007f\u2028é\"");
    }

    @Test
    void theSameContentBuiltWithListsInAnotherOrderHasTheSameCanonicalTextAndHash() {
        PolicyContent seed = SeedPolicy.content();
        PolicyContent shuffled = new PolicyContent(seed.controller(),
                reversed(seed.categories()),
                reversed(seed.purposes()).stream().map(p -> new Purpose(p.code(), p.name(), p.legalBasis(),
                        p.thirdParty(), reversed(p.categories()), p.dpv(), p.policyRef())).toList(),
                reversed(seed.recipients()).stream().map(r -> new Recipient(r.code(), r.name(), r.address(),
                        r.representative(), reversed(r.purposes()))).toList());
        // Precondition: the shuffle did reorder something, or this test would prove nothing.
        assertThat(reversed(seed.categories())).isNotEqualTo(seed.categories());

        assertThat(shuffled).isEqualTo(seed);
        assertThat(PolicyCanon.canonicalJson(shuffled)).isEqualTo(PolicyCanon.canonicalJson(seed));
        assertThat(PolicyCanon.hash(shuffled)).isEqualTo(PolicyCanon.hash(seed));
    }

    @Test
    void changingAnySingleFieldChangesTheHash() {
        PolicyContent seed = SeedPolicy.content();
        Purpose newsletter = seed.purpose("newsletter").orElseThrow();
        Purpose stats = seed.purpose("anonymised-statistics").orElseThrow();
        Recipient google = seed.recipient("google-analytics").orElseThrow();
        Category email = seed.category("profile.email").orElseThrow();
        Controller ctl = seed.controller();

        Map<String, UnaryOperator<PolicyContent>> edits = new LinkedHashMap<>();
        edits.put("category renamed", c -> c.withCategory(new Category(email.code(), "Email address", email.dpv())));
        edits.put("category dpv null -> value", c -> c.withCategory(new Category("log.request-time",
                "Date and time of requests", "pd:Time")));
        edits.put("category added to the policy", c -> c.withCategory(new Category("profile.fax", "Fax", null)));
        edits.put("purpose renamed", c -> c.withPurpose(new Purpose(newsletter.code(), newsletter.name() + ".",
                newsletter.legalBasis(), newsletter.thirdParty(), newsletter.categories(), newsletter.dpv(),
                newsletter.policyRef())));
        edits.put("purpose thirdParty flipped", c -> c.withPurpose(new Purpose(newsletter.code(), newsletter.name(),
                newsletter.legalBasis(), true, newsletter.categories(), newsletter.dpv(), newsletter.policyRef())));
        edits.put("purpose basis changed", c -> c.withPurpose(new Purpose(newsletter.code(), newsletter.name(),
                LegalBasis.CONTRACT, false, newsletter.categories(), newsletter.dpv(), newsletter.policyRef())));
        edits.put("category added to a purpose", c -> c.withPurpose(new Purpose(newsletter.code(), newsletter.name(),
                newsletter.legalBasis(), false, plus(newsletter.categories(), "profile.phone"), newsletter.dpv(),
                newsletter.policyRef())));
        edits.put("purpose dpv null -> value", c -> c.withPurpose(new Purpose(stats.code(), stats.name(),
                stats.legalBasis(), stats.thirdParty(), stats.categories(), "dpv:Statistics", stats.policyRef())));
        edits.put("recipient gets a purpose", c -> c.withRecipient(new Recipient(google.code(), google.name(),
                google.address(), google.representative(), plus(google.purposes(), "third-party-ads"))));
        edits.put("recipient representative", c -> c.withRecipient(new Recipient(google.code(), google.name(),
                google.address(), "Someone else", google.purposes())));
        // null and "" are different statements (unknown vs. empty) and must not share an identity.
        edits.put("controller address null -> empty", c -> c.withController(new Controller(ctl.name(), ctl.contact(), "")));
        edits.put("controller contact", c -> c.withController(new Controller(ctl.name(), "privacy@onplanetz.com", ctl.address())));
        edits.put("purpose removed", c -> c.withoutPurpose("own-marketing"));

        String original = PolicyCanon.hash(seed);
        Map<String, String> hashes = new LinkedHashMap<>();
        edits.forEach((what, edit) -> hashes.put(what, PolicyCanon.hash(edit.apply(seed))));

        assertThat(hashes).allSatisfy((what, hash) -> assertThat(hash).as(what).isNotEqualTo(original));
        assertThat(hashes.values()).as("every edit is a different version").doesNotHaveDuplicates();
    }

    @Test
    void canonicalJsonHasNoWhiteSpaceOutsideStringsAndKeysSortedAtEveryLevel() throws Exception {
        String canonical = PolicyCanon.canonicalJson(SeedPolicy.content());
        JsonNode tree = new ObjectMapper().readTree(canonical);

        List<String> unsorted = new ArrayList<>();
        collectUnsortedObjects(tree, "$", unsorted);
        assertThat(unsorted).as("objects whose keys are not in order").isEmpty();
        // A plain mapper writes a tree compactly in its own key order: equal text means the canonical form
        // has no white space between tokens (white space inside strings survives both ways).
        assertThat(new ObjectMapper().writeValueAsString(tree)).isEqualTo(canonical);
        assertThat(canonical).doesNotContain("\n");
    }

    @Test
    void parsingTheCanonicalJsonGivesBackEqualContent() {
        PolicyContent seed = SeedPolicy.content();

        assertThat(PolicyCanon.parse(PolicyCanon.canonicalJson(seed))).isEqualTo(seed);
        assertThat(PolicyCanon.parse(PolicyCanon.canonicalJson(SMALL))).isEqualTo(SMALL);
    }

    @Test
    void theSeededPolicyParsesWithAllItsTermsAndNoViolations() {
        PolicyContent seed = SeedPolicy.content();

        assertThat(seed.categories()).hasSize(15);
        assertThat(seed.purposes()).hasSize(10);
        assertThat(seed.recipients()).extracting(Recipient::code).containsExactly("google-analytics");
        assertThat(seed.violations()).isEmpty();
        // The text has an apostrophe, doubled in SQL: the extraction must have undone the quoting.
        assertThat(seed.category("terminal.device-id").orElseThrow().name()).contains("user's");
        assertThat(seed.controller().address()).isNull();
    }

    @Test
    void duplicateCodesAreRefusedWhenBuilding() {
        Category email2 = new Category("profile.email", "Mail", null);

        assertThatThrownBy(() -> new PolicyContent(SMALL.controller(), List.of(EMAIL, email2), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> new PolicyContent(SMALL.controller(), List.of(EMAIL), List.of(NEWSLETTER, NEWSLETTER),
                List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PolicyContent(SMALL.controller(), List.of(EMAIL), List.of(ADS), List.of(ACME,
                new Recipient("acme", "Other", "Osaka", "CEO", List.of("ads")))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicateCodesAreRefusedWhenParsing() {
        // Two entries with one code: which one counts would depend on the reader; refuse instead.
        String twice = SMALL_CANONICAL.replace("{\"code\":\"log.ip-address\",\"dpv\":null,\"name\":\"IP address\"}",
                "{\"code\":\"profile.email\",\"dpv\":null,\"name\":\"Mail\"}");
        assertThat(twice).isNotEqualTo(SMALL_CANONICAL);

        assertThatThrownBy(() -> PolicyCanon.parse(twice)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parsingRefusesAnUnknownField() {
        // A misspelt field must not vanish silently from what the hash covers.
        String typo = SMALL_CANONICAL.replace("\"policyRef\":null", "\"policyref\":null");

        assertThatThrownBy(() -> PolicyCanon.parse(typo)).isInstanceOf(IllegalStateException.class);
    }

    private static void collectUnsortedObjects(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            if (!keys.equals(keys.stream().sorted().toList())) {
                out.add(path + " " + keys);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                collectUnsortedObjects(e.getValue(), path + "." + e.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUnsortedObjects(node.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }

    private static List<String> plus(List<String> list, String item) {
        List<String> r = new ArrayList<>(list);
        r.add(item);
        return r;
    }
}
