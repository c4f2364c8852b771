package jp.onplanetz.privacy.events;

import jp.onplanetz.privacy.events.datarequest.DataRequestTask;
import jp.onplanetz.privacy.events.datarequest.TaskAnswer;
import jp.onplanetz.privacy.events.payload.*;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The single source of every topic and event type of the suite. The AsyncAPI document and the topic
 * catalogue in {@code docs/events/} are generated from it (a test fails when they differ), the local and
 * test brokers create their topics from it (auto-creation is off), and every payload has a JSON Schema
 * named after its type.
 */
public final class EventCatalogue {

    /**
     * Version of the published contract as a whole (the {@code info.version} of the AsyncAPI document).
     * Raise the minor for an addition (a new type or topic beside the old ones), the major when a type or
     * topic is withdrawn or an identifier consumers hold changes; the versions of single types and topics are
     * in their names. Every version says what changed in {@link #CHANGES}.
     */
    public static final String CATALOGUE_VERSION = "3.0.0";

    /** What each catalogue version changed for consumers, newest first. */
    public static final List<Change> CHANGES = List.of(
            new Change("3.0.0", "analytics-gateway counts at its door: `privacy.analytics.contributions.v1` with"
                    + " `analytics.contribution-recorded.v1` and `analytics.contributions-retracted.v1` is retired (see"
                    + " Retired below; its schemas stay published). Added: `privacy.analytics.cell-partials.v1` with"
                    + " `analytics.cell-partial-counted.v1`, each source's absolute distinct-person count of one cell,"
                    + " which the gateway's totals sum."),
            new Change("2.0.1", "`privacy.analytics.cell-totals.v1` is documented as what it is, analytics-gateway's"
                    + " internal totals (each value the count as decimal text, no CloudEvents headers), where 2.0.0"
                    + " described its records as dead letters. No topic, type or schema changed."),
            new Change("2.0.0", "Every payload schema's `$id`, and so every event's `ce_dataschema`, is now an https"
                    + " URI, `" + EventCatalogue.SCHEMA_ID_PREFIX + "<name>.json`, in place of `urn:jp.onplanetz.privacy:schema:"
                    + "<name>.json`, which is not a valid URN (RFC 8141 allows no dots in the namespace identifier),"
                    + " so that JSON Schema validators such as Ajv load the published schemas as they are. The schemas"
                    + " and payloads are otherwise unchanged: an event written before 2.0.0 carries the old"
                    + " `ce_dataschema`, and its payload is valid against the schema of the same `<name>` here."
                    + " Added: `data-use.legal-exception-reviewed.v1` (a privacy officer's review of a use made on an"
                    + " APPI Art. 27(1) ground) and `policy.version-published.v2` (a published version with its content"
                    + " in full, external transmissions included), beside `policy.version-published.v1`."));

    /** One entry of the catalogue's change notes. */
    public record Change(String version, String summary) {
    }

    /** Every CloudEvents {@code type} of the suite starts with this. */
    public static final String TYPE_PREFIX = "jp.onplanetz.privacy.";
    /**
     * Every payload schema's {@code $id} (and the {@code dataschema} attribute) starts with this: an identifier,
     * not an address promised to resolve (the schemas are published in {@code docs/events/schemas/}).
     */
    public static final String SCHEMA_ID_PREFIX = "https://privacy.onplanetz.jp/schemas/events/";

    /** Data subject's opaque id: never a name or e-mail address. */
    public static final String KEY_SUBJECT = "the data subject's opaque id (the same as the CloudEvents subject)";

    // ---- consent-service --------------------------------------------------------------------------
    public static final String CONSENT_TOPIC = "privacy.consent.events.v1";

    public static final EventType<ConsentGranted> CONSENT_GRANTED = new EventType<>("consent.granted.v1", CONSENT_TOPIC,
            Services.CONSENT, "A data subject granted consent to a purpose (for third-party purposes: to one recipient).", ConsentGranted.class);
    public static final EventType<ConsentWithdrawn> CONSENT_WITHDRAWN = new EventType<>("consent.withdrawn.v1", CONSENT_TOPIC,
            Services.CONSENT, "A data subject withdrew a consent; uses relying on it must stop.", ConsentWithdrawn.class);

    public static final EventType<ConsentReconsentRequired> CONSENT_RECONSENT_REQUIRED = new EventType<>("consent.reconsent-required.v1",
            CONSENT_TOPIC, Services.CONSENT,
            "A published policy change needs fresh consent: this consent stops counting until the subject consents again.", ConsentReconsentRequired.class);

    public static final TopicSpec CONSENT_EVENTS = new TopicSpec(CONSENT_TOPIC,
            "Changes of consent, in the order they happened per subject.", KEY_SUBJECT, 6, "delete",
            Duration.ofDays(400), List.of(Services.CONSENT),
            List.of(Services.CONSENT, Services.ANALYTICS),
            List.of(CONSENT_GRANTED, CONSENT_WITHDRAWN, CONSENT_RECONSENT_REQUIRED));

    public static final String POLICY_TOPIC = "privacy.policy.events.v1";
    /** Key of the version announcements: one key, so that versions stay in the order they were published. */
    public static final String POLICY_KEY = "privacy-policy";

    public static final EventType<PolicyVersionPublished> POLICY_VERSION_PUBLISHED = new EventType<>("policy.version-published.v1",
            POLICY_TOPIC, Services.CONSENT,
            "A new privacy policy version was published, every difference to the previous one classified"
                    + " (notice only, or consent required); announce it to every user.", PolicyVersionPublished.class);
    /**
     * The announcement with the version's content in full, so that a service can follow the policy in force from the
     * topic alone (analytics-gateway's notice of external transmissions, its check of release recipients). Published
     * beside v1 in the same transaction: v1's schema forbids the added field.
     */
    public static final EventType<PolicyVersionPublishedV2> POLICY_VERSION_PUBLISHED_V2 = new EventType<>("policy.version-published.v2",
            POLICY_TOPIC, Services.CONSENT,
            "A new privacy policy version was published, with its content in full (purposes, categories, recipients and"
                    + " the external transmissions of the modules the site incorporates) and every difference to the"
                    + " previous one classified.", PolicyVersionPublishedV2.class);
    public static final EventType<PolicyChangeNotice> POLICY_CHANGE_NOTICE = new EventType<>("policy.change-notice.v1",
            POLICY_TOPIC, Services.CONSENT,
            "A published policy change touches this subject's consents: notify the subject, or ask for fresh consent.", PolicyChangeNotice.class);

    public static final TopicSpec POLICY_EVENTS = new TopicSpec(POLICY_TOPIC,
            "Published policy versions and the notices they cause, for the systems that inform users.",
            "'" + POLICY_KEY + "' for version announcements; the data subject's opaque id for per-subject notices",
            6, "delete", Duration.ofDays(3 * 365), List.of(Services.CONSENT), List.of(Services.CONSENT, Services.ANALYTICS),
            List.of(POLICY_VERSION_PUBLISHED, POLICY_VERSION_PUBLISHED_V2, POLICY_CHANGE_NOTICE));

    // ---- uses of personal data, decided by consent-service ----------------------------------------
    public static final String DATA_USE_TOPIC = "privacy.data-use.events.v1";

    public static final EventType<DataUseRecorded> DATA_USE_RECORDED = new EventType<>("data-use.recorded.v1", DATA_USE_TOPIC,
            Services.CONSENT, "A service was permitted to use (or provide to a third party) a subject's data for a"
                    + " purpose; durable before the use was answered PERMIT.", DataUseRecorded.class);

    /**
     * The review that closes a use on an Art. 27(1) ground. On the use's own topic and key, so that it follows the use
     * in its partition; disclosure-log-service keeps the register and publishes it.
     */
    public static final EventType<DataUseLegalExceptionReviewed> DATA_USE_LEGAL_EXCEPTION_REVIEWED = new EventType<>(
            "data-use.legal-exception-reviewed.v1", DATA_USE_TOPIC, Services.DISCLOSURE_LOG,
            "A privacy officer reviewed a use made on an APPI Art. 27(1) ground: upheld, or not upheld with the"
                    + " remediation; once per use.", DataUseLegalExceptionReviewed.class);

    /** Kept three years: the retention APPI's rules require for records of third-party provision. */
    public static final TopicSpec DATA_USE_EVENTS = new TopicSpec(DATA_USE_TOPIC,
            "Every permitted use of personal data, with its basis (consent, contract or an APPI Art. 27(1) exception),"
                    + " and the privacy officers' reviews of the uses on an exception.",
            KEY_SUBJECT, 6, "delete", Duration.ofDays(3 * 365), List.of(Services.CONSENT, Services.DISCLOSURE_LOG),
            List.of(Services.DISCLOSURE_LOG, "privacy officers' case tools and auditors (outside)"),
            List.of(DATA_USE_RECORDED, DATA_USE_LEGAL_EXCEPTION_REVIEWED));

    // ---- disclosure-log-service -------------------------------------------------------------------
    public static final String LEDGER_CHECKPOINT_TOPIC = "privacy.disclosure-log.checkpoints.v1";

    public static final EventType<LedgerCheckpointSigned> LEDGER_CHECKPOINT_SIGNED = new EventType<>("ledger.checkpoint-signed.v1",
            LEDGER_CHECKPOINT_TOPIC, Services.DISCLOSURE_LOG,
            "The disclosure log signed a checkpoint of one of its logs (tree size, Merkle root, time): keep it, and"
                    + " any later proof from the log can be checked against it without trusting the service.", LedgerCheckpointSigned.class);

    /**
     * Kept forever: the checkpoints are the copy of the ledger's history outside its database. A log's
     * checkpoints share its id as key, so they stay in the order they were signed.
     */
    public static final TopicSpec LEDGER_CHECKPOINTS = new TopicSpec(LEDGER_CHECKPOINT_TOPIC,
            "Signed checkpoints of the records of provision (RFC 9162 Merkle roots, Ed25519 signed notes).",
            "the log's id (e.g. shard-03)", 1, "delete", null, List.of(Services.DISCLOSURE_LOG),
            List.of("auditors and regulators (outside)"), List.of(LEDGER_CHECKPOINT_SIGNED));

    // ---- data-request-service ---------------------------------------------------------------------
    public static final String DATA_REQUEST_TOPIC = "privacy.data-request.events.v1";

    public static final EventType<DataRequestReceived> DATA_REQUEST_RECEIVED = new EventType<>("data-request.received.v1",
            DATA_REQUEST_TOPIC, Services.DATA_REQUEST,
            "A data subject's request (disclosure, correction, deletion, cessation ...) was received.", DataRequestReceived.class);
    public static final EventType<DataRequestIdentityVerified> DATA_REQUEST_IDENTITY_VERIFIED = new EventType<>("data-request.identity-verified.v1",
            DATA_REQUEST_TOPIC, Services.DATA_REQUEST,
            "The requester's identity was verified: by the subject's own sign-in, or by an operator's recorded check of"
                    + " a requester acting through the company's support.", DataRequestIdentityVerified.class);
    public static final EventType<DataRequestReviewRequired> DATA_REQUEST_REVIEW_REQUIRED = new EventType<>("data-request.review-required.v1",
            DATA_REQUEST_TOPIC, Services.DATA_REQUEST,
            "The service suggests refusing a request (repeated, or an excessive burden) and holds it for a privacy"
                    + " officer, who alone decides.", DataRequestReviewRequired.class);
    public static final EventType<DataRequestInProgress> DATA_REQUEST_IN_PROGRESS = new EventType<>("data-request.in-progress.v1",
            DATA_REQUEST_TOPIC, Services.DATA_REQUEST,
            "A request was assigned to every system holding the subject's data; it completes when all have answered.", DataRequestInProgress.class);
    public static final EventType<DataRequestCompleted> DATA_REQUEST_COMPLETED = new EventType<>("data-request.completed.v1",
            DATA_REQUEST_TOPIC, Services.DATA_REQUEST,
            "Every system answered: the request is carried out (a disclosure's bundle is ready for the subject).", DataRequestCompleted.class);
    public static final EventType<DataRequestRefused> DATA_REQUEST_REFUSED = new EventType<>("data-request.refused.v1",
            DATA_REQUEST_TOPIC, Services.DATA_REQUEST,
            "A privacy officer refused a request on a legal ground, with an explanation the subject sees; work started"
                    + " for it must stop.", DataRequestRefused.class);
    public static final EventType<DataRequestCancelled> DATA_REQUEST_CANCELLED = new EventType<>("data-request.cancelled.v1",
            DATA_REQUEST_TOPIC, Services.DATA_REQUEST,
            "A data subject's request was cancelled (by the subject, or by an operator on its behalf) before it"
                    + " was completed or refused; work started for it must stop.", DataRequestCancelled.class);
    public static final EventType<DataRequestOverdue> DATA_REQUEST_OVERDUE = new EventType<>("data-request.overdue.v1",
            DATA_REQUEST_TOPIC, Services.DATA_REQUEST,
            "A request is still open after its due date; published once per request.", DataRequestOverdue.class);
    public static final EventType<DataRequestAnswerOverdue> DATA_REQUEST_ANSWER_OVERDUE = new EventType<>("data-request.answer-overdue.v1",
            DATA_REQUEST_TOPIC, Services.DATA_REQUEST,
            "A system given a request's task did not answer in time (the watchdog); published once per assignment.", DataRequestAnswerOverdue.class);

    public static final TopicSpec DATA_REQUEST_EVENTS = new TopicSpec(DATA_REQUEST_TOPIC,
            "Lifecycle of data subjects' requests: every change of state, and the watchdog's flags.", KEY_SUBJECT, 6,
            "delete", Duration.ofDays(400), List.of(Services.DATA_REQUEST),
            List.of("privacy officers' case tools and the systems that notify users (outside)"),
            List.of(DATA_REQUEST_RECEIVED, DATA_REQUEST_IDENTITY_VERIFIED, DATA_REQUEST_REVIEW_REQUIRED,
                    DATA_REQUEST_IN_PROGRESS, DATA_REQUEST_COMPLETED, DATA_REQUEST_REFUSED, DATA_REQUEST_CANCELLED,
                    DATA_REQUEST_OVERDUE, DATA_REQUEST_ANSWER_OVERDUE));

    /**
     * One task per request, read by every system that holds personal data (the suite's services and registered
     * outside systems); each answers on {@link #DATA_REQUEST_RESULTS_TOPIC}.
     */
    public static final String DATA_REQUEST_TASKS_TOPIC = "privacy.data-request.tasks.v1";

    /*
     * The two task events' records live in jp.onplanetz.privacy.events.datarequest, beside the request types and
     * outcomes every data holder shares.
     */
    public static final EventType<DataRequestTask> DATA_REQUEST_TASK_ASSIGNED = new EventType<>("data-request.task-assigned.v1",
            DATA_REQUEST_TASKS_TOPIC, Services.DATA_REQUEST,
            "Every system holding personal data must carry out this verified request for its subject (disclose,"
                    + " correct, delete, stop using or providing) and answer on the results topic by the time given.", DataRequestTask.class);

    public static final TopicSpec DATA_REQUEST_TASKS = new TopicSpec(DATA_REQUEST_TASKS_TOPIC,
            "Verified data subjects' requests, to be carried out by every system that holds the subject's data.",
            KEY_SUBJECT, 6, "delete", Duration.ofDays(30), List.of(Services.DATA_REQUEST),
            List.of(Services.CONSENT, Services.DISCLOSURE_LOG, Services.ANALYTICS,
                    "registered outside systems holding personal data"),
            List.of(DATA_REQUEST_TASK_ASSIGNED));

    public static final String DATA_REQUEST_RESULTS_TOPIC = "privacy.data-request.results.v1";

    public static final EventType<TaskAnswer> DATA_REQUEST_TASK_ANSWERED = new EventType<>("data-request.task-answered.v1",
            DATA_REQUEST_RESULTS_TOPIC, Services.EACH_DATA_HOLDER,
            "A system carried out (or could not carry out) its part of a data subject's request; for a disclosure,"
                    + " with the subject's data it holds.", TaskAnswer.class);

    public static final TopicSpec DATA_REQUEST_RESULTS = new TopicSpec(DATA_REQUEST_RESULTS_TOPIC,
            "Each system's answer to a data-request task.", KEY_SUBJECT, 6, "delete",
            Duration.ofDays(30), List.of(Services.CONSENT, Services.DISCLOSURE_LOG, Services.ANALYTICS,
                    "registered outside systems holding personal data"),
            List.of(Services.DATA_REQUEST), List.of(DATA_REQUEST_TASK_ANSWERED));

    // ---- analytics-gateway ------------------------------------------------------------------------
    /** Retired in 3.0.0 ({@link #RETIRED}): kept so that what was published under it stays described. */
    public static final String ANALYTICS_CONTRIBUTIONS_TOPIC = "privacy.analytics.contributions.v1";

    public static final EventType<AnalyticsContributionRecorded> ANALYTICS_CONTRIBUTION_RECORDED = new EventType<>(
            "analytics.contribution-recorded.v1", ANALYTICS_CONTRIBUTIONS_TOPIC, Services.ANALYTICS,
            "A stored, pseudonymised usage event's share of the statistics: who (a keyed pseudonym), when, and the"
                    + " generalised attributes it can be counted under.", AnalyticsContributionRecorded.class);
    public static final EventType<AnalyticsContributionsRetracted> ANALYTICS_CONTRIBUTIONS_RETRACTED = new EventType<>(
            "analytics.contributions-retracted.v1", ANALYTICS_CONTRIBUTIONS_TOPIC, Services.ANALYTICS,
            "A person's events up to a moment stop counting (consent withdrawn, or erased on the person's request).", AnalyticsContributionsRetracted.class);

    public static final TopicSpec ANALYTICS_CONTRIBUTIONS = new TopicSpec(ANALYTICS_CONTRIBUTIONS_TOPIC,
            "Pseudonymised contributions to the statistics, and their retractions (analytics-gateway internal).",
            "the person's keyed pseudonym (equal to ce_subject)", 6, "delete", Duration.ofDays(7),
            List.of(Services.ANALYTICS), List.of(Services.ANALYTICS),
            List.of(ANALYTICS_CONTRIBUTION_RECORDED, ANALYTICS_CONTRIBUTIONS_RETRACTED));

    public static final String ANALYTICS_CELL_PARTIALS_TOPIC = "privacy.analytics.cell-partials.v1";

    public static final EventType<AnalyticsCellPartialCounted> ANALYTICS_CELL_PARTIAL_COUNTED = new EventType<>(
            "analytics.cell-partial-counted.v1", ANALYTICS_CELL_PARTIALS_TOPIC, Services.ANALYTICS,
            "One source's (an HTTP door or one usage-topic partition) distinct-person count of one cell of a release"
                    + " definition's window, after the per-person bounds: an absolute value that replaces the previous"
                    + " one of the same key, so a resent event changes nothing.", AnalyticsCellPartialCounted.class);

    /**
     * The door's counts per source, which Kafka Streams sums per cell. Compacted: only the latest value of a key
     * matters, so the topic holds one record per partial however long the gateway runs.
     */
    public static final TopicSpec ANALYTICS_CELL_PARTIALS = new TopicSpec(ANALYTICS_CELL_PARTIALS_TOPIC,
            "Distinct-person counts per cell and source, each the latest absolute value (analytics-gateway internal;"
                    + " never released as such).",
            "definition id, window start, cell and source, joined by a vertical bar", 6, "compact", null,
            List.of(Services.ANALYTICS), List.of(Services.ANALYTICS), List.of(ANALYTICS_CELL_PARTIAL_COUNTED));

    /**
     * Distinct-person totals per release definition, window and cell, the partials of every source summed by Kafka
     * Streams and read back by every replica as a global table. Not events: the value is the count as text.
     */
    public static final TopicSpec ANALYTICS_CELL_TOTALS = new TopicSpec("privacy.analytics.cell-totals.v1",
            "True distinct-person counts per cell (analytics-gateway internal; never released as such). Each value is"
                    + " the count as decimal text.",
            "definition id, window start and cell, joined by a vertical bar", 6, "compact", null,
            List.of(Services.ANALYTICS), List.of(Services.ANALYTICS), List.of());

    public static final String ANALYTICS_RELEASES_TOPIC = "privacy.analytics.releases.v1";

    public static final EventType<AnalyticsStatisticsReleased> ANALYTICS_STATISTICS_RELEASED = new EventType<>("analytics.statistics-released.v1",
            ANALYTICS_RELEASES_TOPIC, Services.ANALYTICS,
            "Anonymised statistics were released to a recipient: cells with fewer than k people suppressed, the"
                    + " rest with discrete Laplace noise, its epsilon charged to the recipient's privacy budget.", AnalyticsStatisticsReleased.class);
    public static final EventType<AnalyticsReleaseRefused> ANALYTICS_RELEASE_REFUSED = new EventType<>("analytics.release-refused.v1",
            ANALYTICS_RELEASES_TOPIC, Services.ANALYTICS,
            "A release was not made: its epsilon would exceed the recipient's privacy budget for the period.", AnalyticsReleaseRefused.class);

    public static final TopicSpec ANALYTICS_RELEASES = new TopicSpec(ANALYTICS_RELEASES_TOPIC,
            "Every release of anonymised statistics (and every refused one), for the recipients and the disclosure log.",
            "the recipient's code in the privacy policy", 6, "delete", Duration.ofDays(3 * 365),
            List.of(Services.ANALYTICS), List.of(Services.DISCLOSURE_LOG, "recipients of statistics (outside)"),
            List.of(ANALYTICS_STATISTICS_RELEASED, ANALYTICS_RELEASE_REFUSED));

    // ---- usage events, reported by the company's services to analytics-gateway --------------------
    public static final String USAGE_TOPIC = "privacy.usage.events.v1";

    public static final EventType<UsageEventRecorded> USAGE_EVENT_RECORDED = new EventType<>("usage.event-recorded.v1", USAGE_TOPIC,
            Services.SERVICE_APPS, "A person used one of the company's services (a page view, a feature used), with"
                    + " the profile attributes statistics are made of. Raw: analytics-gateway pseudonymises it at its door.", UsageEventRecorded.class);

    /**
     * Holds raw identifiers (subject, cookie and terminal ids, full IPs), so it is kept only as long as the gateway
     * may need to catch up after an outage, and read by nobody else. The key is the id the gateway checks consent
     * under, so that one person's events stay in order behind their consent events.
     */
    public static final TopicSpec USAGE_EVENTS = new TopicSpec(USAGE_TOPIC,
            "Usage of the company's services, as the services report it (raw; only analytics-gateway reads it).",
            "the data subject's opaque id; for an anonymous visitor the anonymous id, else the cookie id", 6, "delete",
            Duration.ofDays(7), List.of(Services.SERVICE_APPS), List.of(Services.ANALYTICS),
            List.of(USAGE_EVENT_RECORDED));

    // ---- dead letters -----------------------------------------------------------------------------
    /**
     * Events a consumer could not apply (unparseable, failing its schema, or refused by the domain). The
     * original value, key and headers are kept, with the reason in {@code dead-letter-reason} and the
     * origin in {@code dead-letter-topic}/{@code -partition}/{@code -offset}.
     */
    public static final TopicSpec DEAD_LETTERS = new TopicSpec("privacy.dead-letter.v1",
            "Poison events, with the consumer's reason; read by operators, replayed by hand.",
            "the original record's key", 1, "delete", Duration.ofDays(30),
            List.of(Services.CONSENT, Services.DISCLOSURE_LOG, Services.DATA_REQUEST, Services.ANALYTICS),
            List.of("operators"), List.of());

    /**
     * Headers a dead letter carries beside the original record's own (names as the SmallRye Kafka
     * dead-letter strategy writes them, as UTF-8 text). Kept here so the services and the published
     * documentation of the dead-letter topic cannot disagree.
     */
    public static final List<DeadLetterHeader> DEAD_LETTER_HEADERS = List.of(
            new DeadLetterHeader("dead-letter-reason", "why the consumer could not apply the record", true),
            new DeadLetterHeader("dead-letter-cause", "the underlying error, when there was one", false),
            new DeadLetterHeader("dead-letter-topic", "the topic the record was read from", true),
            new DeadLetterHeader("dead-letter-partition", "its partition there, as a decimal number", true),
            new DeadLetterHeader("dead-letter-offset", "its offset there, as a decimal number", true));

    /** One header of a dead letter; {@code alwaysPresent} is false for those written only when known. */
    public record DeadLetterHeader(String name, String meaning, boolean alwaysPresent) {
    }

    private static final List<TopicSpec> TOPICS = List.of(CONSENT_EVENTS, POLICY_EVENTS, DATA_USE_EVENTS, LEDGER_CHECKPOINTS, DATA_REQUEST_EVENTS,
            DATA_REQUEST_TASKS, DATA_REQUEST_RESULTS, USAGE_EVENTS, ANALYTICS_CELL_PARTIALS, ANALYTICS_CELL_TOTALS,
            ANALYTICS_RELEASES, DEAD_LETTERS);

    /**
     * A topic no service writes or reads any more, with its event types: no broker creates it, but the catalogue
     * keeps describing it (and publishing its schemas), since records written under it may still be held outside.
     *
     * @param version the catalogue version that retired it
     * @param why     what replaced it
     */
    public record Retirement(TopicSpec topic, String version, String why) {
    }

    public static final List<Retirement> RETIRED = List.of(new Retirement(ANALYTICS_CONTRIBUTIONS, "3.0.0",
            "analytics-gateway counts at its door and publishes per-source partial counts on `"
                    + ANALYTICS_CELL_PARTIALS_TOPIC + "` instead of one record per event."));

    private EventCatalogue() {
    }

    public static List<TopicSpec> topics() {
        return TOPICS;
    }

    /** The event types in use; {@link #retiredEventTypes()} holds the others. */
    public static List<EventType<?>> eventTypes() {
        return TOPICS.stream().flatMap(t -> t.eventTypes().stream()).toList();
    }

    public static List<EventType<?>> retiredEventTypes() {
        return RETIRED.stream().flatMap(r -> r.topic().eventTypes().stream()).toList();
    }

    /** The event type for a full CloudEvents {@code type}, if it is one of ours. */
    public static Optional<EventType<?>> byType(String ceType) {
        return eventTypes().stream().filter(t -> t.type().equals(ceType)).findFirst();
    }

    public static Optional<TopicSpec> topic(String name) {
        return TOPICS.stream().filter(t -> t.name().equals(name)).findFirst();
    }

}
