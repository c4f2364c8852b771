package jp.onplanetz.privacy.analytics;

import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestEvents;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Policy versions as consent-service announces them ({@code policy.version-published.v2}): Art. 7's module (Google
 * Analytics, with what it sends and how to opt out) and the recipients a test needs.
 */
public final class PolicyTesting {

    public static final String GA_OPT_OUT = "Install Google's opt-out browser add-on (https://tools.google.com/dlpage/gaoptout).";

    private PolicyTesting() {
    }

    /** A recipient of the policy: its code, its name there, its purposes. */
    public record Recipient(String code, String name, List<String> purposes) {
        /** A recipient of anonymised statistics, named as the release tests name it. */
        public static Recipient ofStatistics(String code) {
            return new Recipient(code, "Recipient " + code, List.of(UsageTesting.PURPOSE));
        }
    }

    /** Announces a policy with the statistics recipients given (and Google Analytics), and waits until it is in force. */
    public static int inForceWith(String... statisticsRecipients) {
        List<Recipient> recipients = new ArrayList<>();
        for (String code : statisticsRecipients) {
            recipients.add(Recipient.ofStatistics(code));
        }
        return inForce(recipients, GA_OPT_OUT);
    }

    /** Announces the next version with these recipients and Google Analytics' opt-out text; waits until it is in force. */
    public static int inForce(List<Recipient> recipients, String gaOptOut) {
        int number = versionInForce() + 1;
        announce(number, recipients, gaOptOut);
        await().atMost(Duration.ofSeconds(30)).until(() -> versionInForce() == number);
        return number;
    }

    /** Sends an announcement of version {@code number}, without waiting; returns the event's id. */
    public static String announce(int number, List<Recipient> recipients, String gaOptOut) {
        StringBuilder others = new StringBuilder();
        for (Recipient r : recipients) {
            others.append(",{\"code\":\"").append(r.code()).append("\",\"name\":\"").append(r.name())
                    .append("\",\"address\":\"1-1 Marunouchi, Chiyoda-ku, Tokyo\",\"representative\":\"Representative Director\",")
                    .append("\"purposes\":[").append(String.join(",", r.purposes().stream().map(p -> "\"" + p + "\"").toList()))
                    .append("]}");
        }
        String payload = """
                {"policyVersion":"%s","versionNumber":%d,"previousPolicyVersion":null,"publishedAt":"%s",
                 "publishedBy":"policy-seed","summary":"test policy","classification":"notice-only","changes":[],
                 "affectedSubjects":0,
                 "content":{
                  "controller":{"name":"Onplanetz Co., Ltd.","contact":"admin@onplanetz.com","address":null},
                  "categories":[
                   {"code":"cookie.anonymous-id","name":"Cookies and anonymous IDs","dpv":null},
                   {"code":"log.ip-address","name":"IP address","dpv":"pd:IPAddress"},
                   {"code":"log.operation-history","name":"Operation history on our site","dpv":"pd:BrowsingBehaviour"},
                   {"code":"terminal.device-id","name":"Terminal information: identifiers of the user's device","dpv":"pd:DeviceBased"}],
                  "purposes":[
                   {"code":"anonymised-statistics","name":"Statistics made unidentifiable, provided to third parties",
                    "legalBasis":"consent","thirdParty":true,"categories":["cookie.anonymous-id"],"dpv":null,"policyRef":"Art. 3(4)"},
                   {"code":"third-party-ad-effect","name":"Third parties analyse the effect of advertisements",
                    "legalBasis":"consent","thirdParty":true,"categories":["cookie.anonymous-id","log.ip-address",
                    "log.operation-history","terminal.device-id"],"dpv":"dpv:Advertising","policyRef":"Art. 3(3), 7"}],
                  "recipients":[
                   {"code":"google-analytics","name":"Google LLC (Google Analytics)",
                    "address":"1600 Amphitheatre Parkway, Mountain View, CA 94043, USA",
                    "representative":"Sundar Pichai, Chief Executive Officer","purposes":["third-party-ad-effect"],
                    "externalTransmission":{"module":"Google Analytics",
                     "purpose":"To analyse how our site is browsed (the pages viewed) and the effect of advertisements.",
                     "categories":["cookie.anonymous-id","log.ip-address","log.operation-history","terminal.device-id"],
                     "privacyPolicy":"http://www.google.com/intl/ja/policies/privacy/","optOut":"%s","policyRef":"Art. 7"}}%s]}}"""
                .formatted(hash(number), number, OffsetDateTime.now(ZoneOffset.UTC), gaOptOut, others);
        assertThat(EventSchemas.violations(EventCatalogue.POLICY_VERSION_PUBLISHED_V2, payload)).isEmpty();
        String id = UUID.randomUUID().toString();
        TestEvents.send(EventCatalogue.POLICY_TOPIC, EventCatalogue.POLICY_VERSION_PUBLISHED_V2.type(),
                EventCatalogue.POLICY_VERSION_PUBLISHED_V2.dataSchema(), Services.CONSENT, id, EventCatalogue.POLICY_KEY,
                payload);
        return id;
    }

    public static int versionInForce() {
        return ((Number) ServiceDb.single(ServiceDatabases.ANALYTICS,
                "select coalesce(max(version_number), 0) from policy_in_force")).intValue();
    }

    /** A version's hash: any 64 hex digits do for the gateway, which does not recompute it. */
    private static String hash(int number) {
        return String.format("%064x", number);
    }
}
