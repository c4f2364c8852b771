package jp.onplanetz.privacy.consent.decision;

import jp.onplanetz.privacy.consent.decision.ConsentState.State;
import jp.onplanetz.privacy.consent.decision.Decision.Basis;
import jp.onplanetz.privacy.consent.decision.Decision.Reason;
import jp.onplanetz.privacy.consent.policy.PolicyCanon;
import jp.onplanetz.privacy.consent.policy.PolicyContent;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Purpose;
import jp.onplanetz.privacy.consent.policy.SeedPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision against the real seeded policy, one reason at a time. */
class ConsentDeciderTest {

    private static final PolicyContent SEED = SeedPolicy.content();
    private static final PolicySnapshot POLICY = new PolicySnapshot(3, PolicyCanon.hash(SEED), SEED);
    /** The consent was given under an older version: a permit must name the version it was decided under. */
    private static final String OLDER_VERSION = "0".repeat(64);
    private static final Instant NOW = Instant.parse("2026-04-01T09:30:00Z");
    private static final UUID CONSENT_ID = UUID.fromString("7d8e5b0c-3f0e-4a8e-9a52-2f1c1b4f6a10");

    private static final List<String> NEWSLETTER_ITEMS = SEED.purpose("newsletter").orElseThrow().categories();
    private static final List<String> AD_EFFECT_ITEMS = SEED.purpose("third-party-ad-effect").orElseThrow().categories();

    /** Every way to a denial, with the reason it must give. */
    static Stream<Arguments> denials() {
        return Stream.of(
                deny("a purpose the policy does not have", Reason.UNKNOWN_PURPOSE,
                        decide("astrology", List.of("profile.email"), null, granted("astrology", null, List.of("profile.email")))),
                deny("an unknown category item", Reason.UNKNOWN_CATEGORY,
                        decide("newsletter", List.of("profile.email", "profile.shoe-size"), null, granted("newsletter", null, NEWSLETTER_ITEMS))),
                deny("an unknown category group", Reason.UNKNOWN_CATEGORY,
                        decide("newsletter", List.of("health"), null, granted("newsletter", null, NEWSLETTER_ITEMS))),
                deny("a category the purpose does not use", Reason.CATEGORY_NOT_COVERED,
                        decide("newsletter", List.of("profile.phone"), null, granted("newsletter", null, List.of("profile.phone")))),
                deny("a group of which the purpose uses only some items", Reason.CATEGORY_NOT_COVERED,
                        decide("newsletter", List.of("profile"), null, granted("newsletter", null, NEWSLETTER_ITEMS))),
                deny("a third-party purpose without a recipient", Reason.RECIPIENT_REQUIRED,
                        decide("third-party-ad-effect", List.of("log.ip-address"), null, granted("third-party-ad-effect", null, AD_EFFECT_ITEMS))),
                deny("a recipient the policy does not have", Reason.UNKNOWN_RECIPIENT,
                        decide("third-party-ad-effect", List.of("log.ip-address"), "acme-ads",
                                granted("third-party-ad-effect", "acme-ads", AD_EFFECT_ITEMS))),
                deny("a recipient that does not receive for this purpose", Reason.RECIPIENT_NOT_ALLOWED,
                        decide("third-party-ads", List.of("log.ip-address"), "google-analytics",
                                granted("third-party-ads", "google-analytics", AD_EFFECT_ITEMS))),
                deny("a recipient named for an in-house purpose", Reason.PURPOSE_HAS_NO_RECIPIENTS,
                        decide("newsletter", List.of("profile.email"), "google-analytics",
                                granted("newsletter", "google-analytics", NEWSLETTER_ITEMS))),
                deny("no consent at all", Reason.NO_CONSENT,
                        ConsentDecider.decide(POLICY, "newsletter", List.of("profile.email"), null, Optional.empty(), NOW)),
                deny("a withdrawn consent", Reason.NO_CONSENT,
                        decide("newsletter", List.of("profile.email"), null,
                                granted("newsletter", null, NEWSLETTER_ITEMS).withState(State.WITHDRAWN))),
                deny("a superseded consent", Reason.NO_CONSENT,
                        decide("newsletter", List.of("profile.email"), null,
                                granted("newsletter", null, NEWSLETTER_ITEMS).withState(State.SUPERSEDED))),
                deny("a consent awaiting renewal", Reason.RECONSENT_REQUIRED,
                        decide("newsletter", List.of("profile.email"), null,
                                granted("newsletter", null, NEWSLETTER_ITEMS).withState(State.RECONSENT_REQUIRED))),
                deny("a consent expiring exactly now", Reason.CONSENT_EXPIRED,
                        decide("newsletter", List.of("profile.email"), null, expiring(NOW))),
                deny("a consent that expired long ago", Reason.CONSENT_EXPIRED,
                        decide("newsletter", List.of("profile.email"), null, expiring(NOW.minus(Duration.ofDays(400))))),
                deny("a consent given before the purpose used the category", Reason.CATEGORY_NOT_CONSENTED,
                        decide("newsletter", List.of("profile.email"), null, granted("newsletter", null, List.of("profile.name")))),
                deny("a third-party consent not covering one item of a group", Reason.CATEGORY_NOT_CONSENTED,
                        decide("third-party-ad-effect", List.of("log"), "google-analytics", granted("third-party-ad-effect",
                                "google-analytics", AD_EFFECT_ITEMS.stream().filter(c -> !c.equals("log.request-time")).toList()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denials")
    void everyDenialIsNotPermittedCarriesThePolicyVersionAndNoCategories(String why, Reason reason, Decision d) {
        assertThat(d.permitted()).isFalse();
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.basis()).isNull();
        assertThat(d.policyVersion()).isEqualTo(POLICY.hash());
        assertThat(d.categories()).isEmpty();
        assertThat(d.explanation()).isNotBlank();
        // Only a denial about the consent itself names it (so the subject can be asked to renew it).
        boolean aboutTheConsent = EnumSet.of(Reason.RECONSENT_REQUIRED, Reason.CONSENT_EXPIRED,
                Reason.CATEGORY_NOT_CONSENTED).contains(reason);
        assertThat(d.consentId()).isEqualTo(aboutTheConsent ? CONSENT_ID : null);
    }

    @Test
    void everyReasonTheDeciderCanGiveIsReached() {
        // LEGAL_EXCEPTION is the recorded-use path's (Art. 27(1)), never the decider's.
        Set<Reason> reached = denials().map(a -> (Reason) a.get()[1]).collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));
        reached.add(noPolicy().reason());
        reached.add(contractPermit().reason());
        reached.add(consentPermit().reason());

        assertThat(reached).isEqualTo(EnumSet.complementOf(EnumSet.of(Reason.LEGAL_EXCEPTION)));
    }

    @Test
    void withoutAPublishedPolicyEverythingIsDeniedWithoutAVersion() {
        Decision d = noPolicy();

        assertThat(d.permitted()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.NO_POLICY);
        assertThat(d.policyVersion()).isNull();
        assertThat(d.consentId()).isNull();
    }

    @Test
    void aContractPurposeIsPermittedWithoutConsent() {
        Decision d = contractPermit();

        assertThat(d.permitted()).isTrue();
        assertThat(d.reason()).isEqualTo(Reason.CONTRACT);
        assertThat(d.basis()).isEqualTo(Basis.CONTRACT);
        assertThat(d.consentId()).isNull();
        assertThat(d.policyVersion()).isEqualTo(POLICY.hash());
        assertThat(d.categories()).containsExactly("profile.email");
    }

    @Test
    void aConsentThatCoversTheUsePermitsItNamingTheConsentAndThePolicyVersionInForce() {
        Decision d = consentPermit();

        assertThat(d.permitted()).isTrue();
        assertThat(d.reason()).isEqualTo(Reason.CONSENT_GIVEN);
        assertThat(d.basis()).isEqualTo(Basis.CONSENT);
        assertThat(d.consentId()).isEqualTo(CONSENT_ID);
        assertThat(d.policyVersion()).isEqualTo(POLICY.hash()).isNotEqualTo(OLDER_VERSION);
        assertThat(d.categories()).containsExactlyInAnyOrder("profile.email", "profile.name");
    }

    @Test
    void aThirdPartyUseByAnAllowedRecipientWithConsentIsPermitted() {
        Decision d = decide("third-party-ad-effect", List.of("log", "cookie.anonymous-id"), "google-analytics",
                granted("third-party-ad-effect", "google-analytics", AD_EFFECT_ITEMS));

        assertThat(d.permitted()).isTrue();
        assertThat(d.reason()).isEqualTo(Reason.CONSENT_GIVEN);
        assertThat(d.categories()).containsExactlyInAnyOrder("log.ip-address", "log.request-time",
                "log.operation-history", "log.service-usage", "cookie.anonymous-id");
    }

    @Test
    void aConsentExpiringOneNanosecondFromNowStillCounts() {
        Decision d = decide("newsletter", List.of("profile.email"), null, expiring(NOW.plusNanos(1)));

        assertThat(d.permitted()).isTrue();
        assertThat(d.reason()).isEqualTo(Reason.CONSENT_GIVEN);
    }

    @Test
    void aConsentExpiringExactlyNowNamesTheConsent() {
        Decision d = decide("newsletter", List.of("profile.email"), null, expiring(NOW));

        assertThat(d.reason()).isEqualTo(Reason.CONSENT_EXPIRED);
        assertThat(d.consentId()).as("the subject can be asked to renew this one").isEqualTo(CONSENT_ID);
    }

    @Test
    void aGroupExpandsToAllItsItems() {
        Decision d = ConsentDecider.decide(POLICY, "fraud-prevention", List.of("log"), null, Optional.empty(), NOW);

        assertThat(d.permitted()).isTrue();
        assertThat(d.categories()).containsExactlyInAnyOrder("log.ip-address", "log.request-time",
                "log.operation-history", "log.service-usage");
    }

    @Test
    void aGroupIsDeniedIfThePurposeLacksAnyOneOfItsItems() {
        Purpose fraud = SEED.purpose("fraud-prevention").orElseThrow();
        PolicyContent lacking = SEED.withPurpose(new Purpose(fraud.code(), fraud.name(), fraud.legalBasis(), false,
                fraud.categories().stream().filter(c -> !c.equals("log.request-time")).toList(), fraud.dpv(),
                fraud.policyRef()));
        PolicySnapshot policy = new PolicySnapshot(4, PolicyCanon.hash(lacking), lacking);

        Decision d = ConsentDecider.decide(policy, "fraud-prevention", List.of("log"), null, Optional.empty(), NOW);

        assertThat(d.permitted()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.CATEGORY_NOT_COVERED);
        assertThat(d.explanation()).contains("log.request-time");
        // Control: every other log item alone is still fine, so the one missing item is what denied.
        assertThat(ConsentDecider.decide(policy, "fraud-prevention", List.of("log.ip-address", "log.operation-history",
                "log.service-usage"), null, Optional.empty(), NOW).permitted()).isTrue();
    }

    @Test
    void duplicatedCategoriesAreFineAndReportedOnce() {
        Decision d = ConsentDecider.decide(POLICY, "fraud-prevention",
                List.of("log", "log.ip-address", "log", "log.ip-address"), null, Optional.empty(), NOW);

        assertThat(d.permitted()).isTrue();
        assertThat(d.categories()).doesNotHaveDuplicates().hasSize(4);
    }

    @Test
    void aConsentWithoutExpiryDoesNotExpire() {
        Decision d = decide("newsletter", List.of("profile.email"), null, granted("newsletter", null, NEWSLETTER_ITEMS));

        assertThat(d.permitted()).isTrue();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static Decision noPolicy() {
        return ConsentDecider.decide(null, "newsletter", List.of("profile.email"), null,
                Optional.of(granted("newsletter", null, NEWSLETTER_ITEMS)), NOW);
    }

    private static Decision contractPermit() {
        return ConsentDecider.decide(POLICY, "contact-support", List.of("profile.email"), null, Optional.empty(), NOW);
    }

    private static Decision consentPermit() {
        return decide("newsletter", List.of("profile.name", "profile.email"), null,
                new ConsentState(CONSENT_ID, "subject-1", "newsletter", null, State.GRANTED, OLDER_VERSION,
                        NEWSLETTER_ITEMS, NOW.plus(Duration.ofDays(365))));
    }

    private static Decision decide(String purpose, List<String> categories, String recipient, ConsentState consent) {
        return ConsentDecider.decide(POLICY, purpose, categories, recipient, Optional.of(consent), NOW);
    }

    private static ConsentState granted(String purpose, String recipient, List<String> categories) {
        return new ConsentState(CONSENT_ID, "subject-1", purpose, recipient, State.GRANTED, POLICY.hash(), categories, null);
    }

    private static ConsentState expiring(Instant at) {
        return new ConsentState(CONSENT_ID, "subject-1", "newsletter", null, State.GRANTED, POLICY.hash(),
                NEWSLETTER_ITEMS, at);
    }

    private static Arguments deny(String why, Reason reason, Decision decision) {
        return Arguments.of(why, reason, decision);
    }
}
