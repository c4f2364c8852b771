package jp.onplanetz.privacy.consent.policy;

import jp.onplanetz.privacy.consent.policy.PolicyChange.Kind;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Category;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Controller;
import jp.onplanetz.privacy.consent.policy.PolicyContent.LegalBasis;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Purpose;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Recipient;
import org.assertj.core.api.AbstractListAssert;
import org.assertj.core.api.ObjectAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static jp.onplanetz.privacy.consent.policy.PolicyChange.Classification.CONSENT_REQUIRED;
import static jp.onplanetz.privacy.consent.policy.PolicyChange.Classification.NOTICE_ONLY;
import static jp.onplanetz.privacy.consent.policy.PolicyContent.LegalBasis.CONSENT;
import static jp.onplanetz.privacy.consent.policy.PolicyContent.LegalBasis.CONTRACT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Each classification rule of {@link PolicyDiff}, one edit at a time on a small valid policy, asserting the
 * complete list of changes: a rule that also produced a stray change (or none) fails.
 */
class PolicyDiffTest {

    private static final Controller CONTROLLER = new Controller("Onplanetz Co., Ltd.", "admin@onplanetz.com", null);

    private static final Purpose SERVICE = new Purpose("service", "Providing the service", CONTRACT, false,
            List.of("profile.email", "profile.name"), "dpv:ServiceProvision", "Art. 3(1)");
    private static final Purpose NEWSLETTER = new Purpose("newsletter", "Newsletter", CONSENT, false,
            List.of("profile.email"), "dpv:DirectMarketing", "Art. 3(2)");
    private static final Purpose ADS = new Purpose("ads", "Third-party ads", CONSENT, true,
            List.of("log.ip-address"), "dpv:PersonalisedAdvertising", "Art. 3(3)");
    private static final Purpose STATS = new Purpose("stats", "Third-party statistics", CONSENT, true,
            List.of("log.ip-address"), null, "Art. 3(4)");
    private static final Recipient ACME = new Recipient("acme", "Acme K.K.", "Tokyo", "CEO", List.of("ads"));

    private static final PolicyContent BEFORE = new PolicyContent(CONTROLLER,
            List.of(new Category("profile.email", "E-mail address", "pd:EmailAddress"),
                    new Category("profile.name", "Name", "pd:Name"),
                    new Category("profile.phone", "Telephone number", "pd:TelephoneNumber"),
                    new Category("log.ip-address", "IP address", "pd:IPAddress")),
            List.of(SERVICE, NEWSLETTER, ADS, STATS), List.of(ACME));

    @Test
    void theBasePolicyIsValid() {
        // Every other test edits it; a broken base would make their findings meaningless.
        assertThat(BEFORE.violations()).isEmpty();
    }

    // ---- purposes --------------------------------------------------------------------------------

    @Test
    void aNewPurposeRequiresConsent() {
        var after = BEFORE.withPurpose(new Purpose("surveys", "Surveys", CONSENT, false, List.of("profile.email"), null, null));

        assertChanges(after).containsExactly(tuple(Kind.PURPOSE_ADDED, CONSENT_REQUIRED, "surveys", null));
    }

    @Test
    void aNewPurposeRequiresConsentEvenOnTheContractBasis() {
        // Using data for a purpose never announced is beyond the old terms whatever its basis (Art. 18(1)).
        var after = BEFORE.withPurpose(new Purpose("billing", "Billing", CONTRACT, false, List.of("profile.name"), null, null));

        assertChanges(after).containsExactly(tuple(Kind.PURPOSE_ADDED, CONSENT_REQUIRED, "billing", null));
    }

    @Test
    void aRemovedPurposeIsNoticeOnly() {
        assertChanges(BEFORE.withoutPurpose("newsletter"))
                .containsExactly(tuple(Kind.PURPOSE_REMOVED, NOTICE_ONLY, "newsletter", null));
    }

    @Test
    void aRenamedPurposeIsNoticeOnly() {
        var after = BEFORE.withPurpose(with(NEWSLETTER).name("Newsletter and blog").build());

        assertChanges(after).containsExactly(tuple(Kind.PURPOSE_CHANGED, NOTICE_ONLY, "newsletter", null));
    }

    @Test
    void aPurposesDpvOrArticleChangedIsNoticeOnly() {
        var after = BEFORE.withPurpose(with(STATS).dpv("dpv:Statistics").build())
                .withPurpose(with(SERVICE).policyRef("Art. 3(1)(a)").build());

        assertChanges(after).containsExactlyInAnyOrder(
                tuple(Kind.PURPOSE_CHANGED, NOTICE_ONLY, "stats", null),
                tuple(Kind.PURPOSE_CHANGED, NOTICE_ONLY, "service", null));
    }

    @Test
    void aCategoryAddedToAThirdPartyPurposeRequiresConsent() {
        var after = BEFORE.withPurpose(with(ADS).categories("log.ip-address", "profile.email").build());

        assertChanges(after).containsExactly(tuple(Kind.PURPOSE_CATEGORY_ADDED, CONSENT_REQUIRED, "ads", "profile.email"));
    }

    @Test
    void aCategoryAddedToAnInHousePurposeOnConsentRequiresConsent() {
        // The receipt lists the categories the subject agreed to; the use must not silently outgrow it.
        var after = BEFORE.withPurpose(with(NEWSLETTER).categories("profile.email", "profile.name").build());

        assertChanges(after).containsExactly(tuple(Kind.PURPOSE_CATEGORY_ADDED, CONSENT_REQUIRED, "newsletter", "profile.name"));
    }

    @Test
    void aCategoryAddedToAnInHousePurposeOnTheContractIsNoticeOnly() {
        var after = BEFORE.withPurpose(with(SERVICE).categories("profile.email", "profile.name", "profile.phone").build());

        assertChanges(after).containsExactly(tuple(Kind.PURPOSE_CATEGORY_ADDED, NOTICE_ONLY, "service", "profile.phone"));
    }

    @Test
    void aCategoryRemovedFromAPurposeIsNoticeOnlyWhateverThePurpose() {
        var after = BEFORE.withPurpose(with(SERVICE).categories("profile.name").build())
                .withPurpose(with(ADS).categories("profile.email").build());

        assertChanges(after).containsExactlyInAnyOrder(
                tuple(Kind.PURPOSE_CATEGORY_REMOVED, NOTICE_ONLY, "service", "profile.email"),
                tuple(Kind.PURPOSE_CATEGORY_ADDED, CONSENT_REQUIRED, "ads", "profile.email"),
                tuple(Kind.PURPOSE_CATEGORY_REMOVED, NOTICE_ONLY, "ads", "log.ip-address"));
    }

    @Test
    void aPurposeThatNowGivesDataToThirdPartiesRequiresConsent() {
        var after = BEFORE.withPurpose(with(NEWSLETTER).thirdParty(true).build());

        assertChanges(after).containsExactly(tuple(Kind.PURPOSE_NOW_THIRD_PARTY, CONSENT_REQUIRED, "newsletter", null));
    }

    @Test
    void aPurposeThatNoLongerGivesDataToThirdPartiesIsNoticeOnly() {
        var after = BEFORE.withPurpose(with(STATS).thirdParty(false).build());

        assertChanges(after).containsExactly(tuple(Kind.PURPOSE_CHANGED, NOTICE_ONLY, "stats", null));
    }

    @Test
    void aPurposeMovedFromTheContractToConsentRequiresConsent() {
        var after = BEFORE.withPurpose(with(SERVICE).legalBasis(CONSENT).build());

        assertChanges(after).containsExactly(tuple(Kind.PURPOSE_BASIS_CHANGED, CONSENT_REQUIRED, "service", null));
    }

    @Test
    void aPurposeMovedFromConsentToTheContractIsNoticeOnly() {
        var after = BEFORE.withPurpose(with(NEWSLETTER).legalBasis(CONTRACT).build());

        assertChanges(after).containsExactly(tuple(Kind.PURPOSE_BASIS_CHANGED, NOTICE_ONLY, "newsletter", null));
    }

    @Test
    void aCategoryAddedToAPurposeThatMovesToConsentRequiresConsentAsTheNewBasisDecides() {
        // The category rule reads the purpose as it is after the change: it now rests on consent.
        var after = BEFORE.withPurpose(with(SERVICE).legalBasis(CONSENT)
                .categories("profile.email", "profile.name", "profile.phone").build());

        assertChanges(after).containsExactlyInAnyOrder(
                tuple(Kind.PURPOSE_BASIS_CHANGED, CONSENT_REQUIRED, "service", null),
                tuple(Kind.PURPOSE_CATEGORY_ADDED, CONSENT_REQUIRED, "service", "profile.phone"));
    }

    // ---- recipients ------------------------------------------------------------------------------

    @Test
    void aNewRecipientRequiresConsent() {
        var after = BEFORE.withRecipient(new Recipient("globex", "Globex", "Osaka", "CEO", List.of("ads", "stats")));

        // One change for the recipient, not one per purpose it arrives with.
        assertChanges(after).containsExactly(tuple(Kind.RECIPIENT_ADDED, CONSENT_REQUIRED, "globex", null));
    }

    @Test
    void aRecipientReceivingForAnotherPurposeRequiresConsentNamingThatPurpose() {
        var after = BEFORE.withRecipient(new Recipient("acme", "Acme K.K.", "Tokyo", "CEO", List.of("ads", "stats")));

        assertChanges(after).containsExactly(tuple(Kind.RECIPIENT_PURPOSE_ADDED, CONSENT_REQUIRED, "acme", "stats"));
    }

    @Test
    void aRecipientNoLongerReceivingForAPurposeIsNoticeOnly() {
        var before = BEFORE.withRecipient(new Recipient("acme", "Acme K.K.", "Tokyo", "CEO", List.of("ads", "stats")));

        assertThat(PolicyDiff.between(before, BEFORE))
                .extracting(PolicyChange::kind, PolicyChange::classification, PolicyChange::code, PolicyChange::related)
                .containsExactly(tuple(Kind.RECIPIENT_PURPOSE_REMOVED, NOTICE_ONLY, "acme", "stats"));
    }

    @Test
    void aRemovedRecipientIsNoticeOnly() {
        assertChanges(BEFORE.withoutRecipient("acme")).containsExactly(tuple(Kind.RECIPIENT_REMOVED, NOTICE_ONLY, "acme", null));
    }

    @Test
    void aRecipientRenamedMovedOrWithAnotherRepresentativeIsNoticeOnly() {
        assertChanges(BEFORE.withRecipient(new Recipient("acme", "Acme Holdings K.K.", "Tokyo", "CEO", List.of("ads"))))
                .containsExactly(tuple(Kind.RECIPIENT_CHANGED, NOTICE_ONLY, "acme", null));
        assertChanges(BEFORE.withRecipient(new Recipient("acme", "Acme K.K.", "Osaka", "CEO", List.of("ads"))))
                .containsExactly(tuple(Kind.RECIPIENT_CHANGED, NOTICE_ONLY, "acme", null));
        assertChanges(BEFORE.withRecipient(new Recipient("acme", "Acme K.K.", "Tokyo", "COO", List.of("ads"))))
                .containsExactly(tuple(Kind.RECIPIENT_CHANGED, NOTICE_ONLY, "acme", null));
    }

    // ---- categories and controller ---------------------------------------------------------------

    @Test
    void aCategoryRenamedOrRemappedIsNoticeOnly() {
        assertChanges(BEFORE.withCategory(new Category("log.ip-address", "Internet address", "pd:IPAddress")))
                .containsExactly(tuple(Kind.CATEGORY_CHANGED, NOTICE_ONLY, "log.ip-address", null));
        assertChanges(BEFORE.withCategory(new Category("log.ip-address", "IP address", null)))
                .containsExactly(tuple(Kind.CATEGORY_CHANGED, NOTICE_ONLY, "log.ip-address", null));
    }

    @Test
    void aCategoryAddedToOrRemovedFromThePolicyAloneIsNoticeOnly() {
        // Listed but used by no purpose yet: nobody's data goes anywhere new.
        assertChanges(BEFORE.withCategory(new Category("profile.fax", "Fax", null)))
                .containsExactly(tuple(Kind.CATEGORY_ADDED, NOTICE_ONLY, "profile.fax", null));
        assertChanges(BEFORE.withoutCategory("profile.phone"))
                .containsExactly(tuple(Kind.CATEGORY_REMOVED, NOTICE_ONLY, "profile.phone", null));
    }

    @Test
    void aChangedControllerIsNoticeOnly() {
        var after = BEFORE.withController(new Controller(CONTROLLER.name(), "privacy@onplanetz.com", "Tokyo"));

        assertChanges(after).containsExactly(tuple(Kind.CONTROLLER_CHANGED, NOTICE_ONLY, "controller", null));
    }

    // ---- the whole -------------------------------------------------------------------------------

    @Test
    void identicalContentHasNoChangesAndNoOverallClassification() {
        PolicyContent rebuilt = PolicyCanon.parse(PolicyCanon.canonicalJson(BEFORE));
        List<PolicyChange> changes = PolicyDiff.between(BEFORE, rebuilt);

        assertThat(changes).isEmpty();
        assertThat(PolicyDiff.overall(changes)).isEmpty();
        assertThat(PolicyDiff.between(SeedPolicy.content(), SeedPolicy.content())).isEmpty();
    }

    @Test
    void overallIsNoticeOnlyWhenEveryChangeIs() {
        var after = BEFORE.withController(new Controller("Onplanetz K.K.", CONTROLLER.contact(), null))
                .withoutPurpose("newsletter").withoutRecipient("acme");
        List<PolicyChange> changes = PolicyDiff.between(BEFORE, after);

        assertThat(changes).hasSize(3).noneMatch(PolicyChange::requiresConsent);
        assertThat(PolicyDiff.overall(changes)).contains(NOTICE_ONLY);
    }

    @Test
    void overallIsConsentRequiredWhenAnyOneChangeIs() {
        var after = BEFORE.withController(new Controller("Onplanetz K.K.", CONTROLLER.contact(), null))
                .withoutPurpose("newsletter")
                .withPurpose(with(STATS).categories("log.ip-address", "profile.name").build());
        List<PolicyChange> changes = PolicyDiff.between(BEFORE, after);

        assertThat(changes).hasSize(3).filteredOn(PolicyChange::requiresConsent).hasSize(1);
        assertThat(PolicyDiff.overall(changes)).contains(CONSENT_REQUIRED);
    }

    // ---- which consents a change touches, and which it voids -------------------------------------

    @Test
    void aRecipientPurposeAddedTouchesOnlyConsentsWithThatRecipientAndThatPurpose() {
        var after = BEFORE.withRecipient(new Recipient("acme", "Acme K.K.", "Tokyo", "CEO", List.of("ads", "stats")));
        PolicyChange change = single(BEFORE, after);

        assertThat(change.touches("stats", "acme", BEFORE)).isTrue();
        assertThat(change.voids("stats", "acme", BEFORE)).isTrue();
        assertThat(change.touches("ads", "acme", BEFORE)).as("same recipient, other purpose").isFalse();
        assertThat(change.touches("stats", "globex", BEFORE)).as("same purpose, other recipient").isFalse();
        assertThat(change.touches("stats", null, BEFORE)).as("no recipient").isFalse();
        assertThat(change.voids("ads", "acme", BEFORE)).isFalse();
    }

    @Test
    void aCategoryChangeTouchesConsentsWhosePurposeUsedTheCategoryBefore() {
        // After the change newsletter uses the IP address too; but a newsletter consent was given under
        // terms that did not mention it, so the category's rewording is no news to that subject.
        var after = BEFORE.withCategory(new Category("log.ip-address", "Internet address", "pd:IPAddress"))
                .withPurpose(with(NEWSLETTER).categories("profile.email", "log.ip-address").build());
        PolicyChange change = PolicyDiff.between(BEFORE, after).stream()
                .filter(c -> c.kind() == Kind.CATEGORY_CHANGED).findFirst().orElseThrow();

        assertThat(change.touches("ads", "acme", BEFORE)).isTrue();
        assertThat(change.touches("stats", "acme", BEFORE)).isTrue();
        assertThat(change.touches("newsletter", null, BEFORE)).isFalse();
        assertThat(change.touches("service", null, BEFORE)).isFalse();
        assertThat(change.touches("no-such-purpose", null, BEFORE)).isFalse();
    }

    @Test
    void aConsentRequiredChangeVoidsExactlyTheConsentsItTouches() {
        var after = BEFORE.withPurpose(with(ADS).categories("log.ip-address", "profile.email").build());
        PolicyChange change = single(BEFORE, after);

        assertThat(change.voids("ads", "acme", BEFORE)).isTrue();
        assertThat(change.voids("ads", "globex", BEFORE)).as("any recipient of the purpose").isTrue();
        assertThat(change.voids("stats", "acme", BEFORE)).isFalse();
        assertThat(change.voids("newsletter", null, BEFORE)).isFalse();
    }

    @Test
    void aNoticeOnlyChangeNeverVoidsAConsentThoughItTouchesSome() {
        // One of every notice-only kind at once.
        var before = BEFORE.withPurpose(with(SERVICE).categories("profile.email", "profile.name", "profile.phone").build())
                .withRecipient(new Recipient("acme", "Acme K.K.", "Tokyo", "CEO", List.of("ads", "stats")))
                .withRecipient(new Recipient("globex", "Globex", "Osaka", "CEO", List.of("stats")));
        var after = before
                .withController(new Controller("Onplanetz K.K.", CONTROLLER.contact(), null))
                .withCategory(new Category("log.ip-address", "Internet address", null))
                .withCategory(new Category("profile.fax", "Fax", null))
                .withoutCategory("profile.phone")
                .withPurpose(with(SERVICE).name("Service").categories("profile.email", "profile.fax").build())
                .withPurpose(with(NEWSLETTER).legalBasis(CONTRACT).build())
                .withPurpose(with(STATS).thirdParty(false).build())
                .withoutRecipient("globex")
                .withRecipient(new Recipient("acme", "Acme K.K.", "Kyoto", "CEO", List.of("ads")));
        List<PolicyChange> changes = PolicyDiff.between(before, after);
        List<String[]> consents = List.of(new String[] {"service", null}, new String[] {"newsletter", null},
                new String[] {"ads", "acme"}, new String[] {"stats", "acme"}, new String[] {"stats", "globex"});

        assertThat(after.violations()).isEmpty();
        assertThat(changes).extracting(PolicyChange::kind).containsExactlyInAnyOrder(Kind.CONTROLLER_CHANGED,
                Kind.CATEGORY_CHANGED, Kind.CATEGORY_ADDED, Kind.CATEGORY_REMOVED,
                Kind.PURPOSE_CHANGED, Kind.PURPOSE_CATEGORY_ADDED, Kind.PURPOSE_CATEGORY_REMOVED,
                Kind.PURPOSE_CATEGORY_REMOVED, Kind.PURPOSE_BASIS_CHANGED, Kind.PURPOSE_CHANGED,
                Kind.RECIPIENT_REMOVED, Kind.RECIPIENT_PURPOSE_REMOVED, Kind.RECIPIENT_CHANGED);
        assertThat(changes).noneMatch(PolicyChange::requiresConsent);
        // Not vacuous: each (but a category no purpose used before) does reach some subject's consent.
        assertThat(changes).filteredOn(c -> c.kind() != Kind.CATEGORY_ADDED).allSatisfy(change -> assertThat(consents)
                .as("%s touches some consent", change.kind()).anyMatch(c -> change.touches(c[0], c[1], before)));
        assertThat(changes).allSatisfy(change -> assertThat(consents)
                .as("%s voids no consent", change.kind()).noneMatch(c -> change.voids(c[0], c[1], before)));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static AbstractListAssert<?, List<? extends Tuple>, Tuple, ObjectAssert<Tuple>> assertChanges(PolicyContent after) {
        assertThat(after.violations()).as("the edited policy is itself valid").isEmpty();
        return assertThat(PolicyDiff.between(BEFORE, after))
                .extracting(PolicyChange::kind, PolicyChange::classification, PolicyChange::code, PolicyChange::related);
    }

    private static PolicyChange single(PolicyContent before, PolicyContent after) {
        List<PolicyChange> changes = PolicyDiff.between(before, after);
        assertThat(changes).hasSize(1);
        return changes.get(0);
    }

    private static PurposeEdit with(Purpose p) {
        return new PurposeEdit(p);
    }

    /** A purpose with one or two fields changed, the rest as they were. */
    private static final class PurposeEdit {
        private String name;
        private LegalBasis basis;
        private boolean thirdParty;
        private List<String> categories;
        private String dpv;
        private String policyRef;
        private final String code;

        PurposeEdit(Purpose p) {
            code = p.code();
            name = p.name();
            basis = p.legalBasis();
            thirdParty = p.thirdParty();
            categories = p.categories();
            dpv = p.dpv();
            policyRef = p.policyRef();
        }

        PurposeEdit name(String v) {
            name = v;
            return this;
        }

        PurposeEdit legalBasis(LegalBasis v) {
            basis = v;
            return this;
        }

        PurposeEdit thirdParty(boolean v) {
            thirdParty = v;
            return this;
        }

        PurposeEdit categories(String... v) {
            categories = new ArrayList<>(Arrays.asList(v));
            return this;
        }

        PurposeEdit dpv(String v) {
            dpv = v;
            return this;
        }

        PurposeEdit policyRef(String v) {
            policyRef = v;
            return this;
        }

        Purpose build() {
            return new Purpose(code, name, basis, thirdParty, categories, dpv, policyRef);
        }
    }
}
