-- The whole life of a request: identity verification, the refusal a privacy officer may decide on (suggested by
-- the service, never made by it), the fan-out to every system that holds the subject's data, each system's answer,
-- completion, and the watchdog's flags.

-- An operator may file a request taken by phone or letter before the requester's identity is checked; the check is
-- then its own recorded step. V1 tied the verification note to filing by an operator; it now goes with the check.
-- A consent withdrawal, like a cessation of use, may name the purposes it concerns (V1 allowed that to cessation only).
do $$
declare
    c text;
    dropped int := 0;
begin
    for c in select conname from pg_constraint
              where conrelid = 'data_request'::regclass and contype = 'c'
                and (pg_get_constraintdef(oid) like '%filed_by%operator%verification_note%'
                  or pg_get_constraintdef(oid) like '%purpose_codes IS NULL%')
    loop
        execute format('alter table data_request drop constraint %I', c);
        dropped := dropped + 1;
    end loop;
    if dropped <> 2 then
        raise exception 'expected to replace 2 constraints of V1, found %', dropped;
    end if;
end $$;

alter table data_request add constraint data_request_purposes_only_where_named
    check (purpose_codes is null
        or (request_type in ('cessation-of-use', 'consent-withdrawal') and cardinality(purpose_codes) > 0));

alter table data_request
    -- Who verified the requester's identity, and how: the subject's own sign-in, or an operator's check (the
    -- method, and the note already in verification_note).
    add column verified_at          timestamptz,
    add column verified_by          varchar(16) check (verified_by in ('subject', 'operator')),
    add column verified_by_id       varchar(128),
    add column verification_method  varchar(32) check (verification_method in ('sign-in', 'identity-document',
                                        'phone-callback', 'in-person', 'registered-mail', 'other')),
    -- Correction requests: the fields to correct or add and their new values (null removes). Personal data: it
    -- goes to the systems in the task and is shown to nobody but the subject, operators and officers.
    add column correction           jsonb check (correction is null or jsonb_typeof(correction) = 'object'),
    -- SHA-256 of what was asked (type, purposes, recipients, format, correction, details normalised): equal
    -- fingerprints of one subject are "the same request" for the refusal advice.
    add column fingerprint          varchar(64),
    -- The service's suggestion to refuse (null: none) and the figures it rests on, until an officer decides.
    add column review_reasons       text[],
    add column review_figures       jsonb,
    add column review_flagged_at    timestamptz,
    add column review_decision      varchar(16) check (review_decision in ('proceed', 'refuse')),
    add column reviewed_at          timestamptz,
    add column reviewed_by_id       varchar(128),
    -- The fan-out: when the systems were given the task, and by when they must answer (the latest assignment).
    add column started_at           timestamptz,
    add column answer_by            timestamptz,
    add column assignments          integer not null default 0 check (assignments >= 0),
    add column completed_at         timestamptz,
    -- A refusal is a privacy officer's decision on a legal ground (APPI Art. 33(2) i-iii), explained to the subject.
    add column refused_at           timestamptz,
    add column refusal_ground       varchar(48) check (refusal_ground in ('harm-to-person-or-others',
                                        'serious-interference-with-business', 'violation-of-other-laws')),
    add column refusal_explanation  varchar(4000),
    add column refused_by_id        varchar(128),
    -- The watchdog flags an overdue request once.
    add column overdue_flagged_at   timestamptz,

    add constraint data_request_operator_check_has_note
        check ((verified_by = 'operator') = (verification_note is not null and verification_method is not null)),
    add constraint data_request_verified_together
        check ((verified_at is null) = (verified_by is null) and (verified_at is null) = (verified_by_id is null)
           and (verified_at is null) = (verification_method is null)),
    add constraint data_request_subject_signs_in
        check (verified_by is distinct from 'subject' or verification_method = 'sign-in'),
    add constraint data_request_correction_only_for_corrections
        check (correction is null or request_type = 'correction'),
    add constraint data_request_review_whole
        check ((review_reasons is null) = (review_flagged_at is null)
           and (review_decision is null or review_reasons is not null)
           and (review_decision is null) = (reviewed_at is null) and (reviewed_at is null) = (reviewed_by_id is null)),
    add constraint data_request_started_whole
        check ((started_at is null) = (answer_by is null) and (started_at is null) = (assignments = 0)),
    add constraint data_request_completed_whole
        check ((status = 'completed') = (completed_at is not null) and (completed_at is null or started_at is not null)),
    add constraint data_request_refused_whole
        check ((status = 'refused') = (refused_at is not null)
           and (refused_at is null) = (refusal_ground is null)
           and (refused_at is null) = (refusal_explanation is null)
           and (refused_at is null) = (refused_by_id is null)),
    -- Nothing is carried out for a requester whose identity was not verified.
    add constraint data_request_verified_before_work
        check (status in ('received', 'cancelled', 'refused') or verified_at is not null),
    add constraint data_request_started_when_in_progress
        check (status <> 'in-progress' or started_at is not null);

-- Repeated identical requests of one subject, recent first.
create index data_request_fingerprint on data_request (subject_id, fingerprint, received_at);
-- The officers' review queue.
create index data_request_review_pending on data_request (review_flagged_at)
    where review_reasons is not null and review_decision is null;

-- Every system that holds personal data and must carry out requests: the suite's own services, and outside systems
-- (the company's CRM, mail service ...) that read the task topic and answer on the results topic. A request goes to
-- every system active when it starts, and completes when all of them answered.
create table data_holder_system (
    code             varchar(64)   primary key check (code ~ '^[a-z][a-z0-9-]{0,63}$'),
    name             varchar(200)  not null,
    description      varchar(2000),
    -- Whom to call when it does not answer.
    contact          varchar(320),
    -- The suite's own services are always asked; only outside systems are registered and retired by an officer.
    part_of_suite    boolean       not null,
    active           boolean       not null,
    registered_at    timestamptz   not null,
    registered_by    varchar(128)  not null,
    retired_at       timestamptz,
    retired_by       varchar(128),
    check (active = (retired_at is null)),
    check ((retired_at is null) = (retired_by is null)),
    check (not part_of_suite or active)
);

insert into data_holder_system (code, name, description, contact, part_of_suite, active, registered_at, registered_by)
values ('consent-service', 'Consent service',
        'The privacy policy''s purposes, and the consents of every subject with their history and receipts.',
        'privacy-ops team', true, true, now(), 'migration'),
       ('disclosure-log-service', 'Disclosure log',
        'Records of provision of personal data to third parties and of data received from them (APPI Art. 29, 30).',
        'privacy-ops team', true, true, now(), 'migration'),
       ('analytics-gateway', 'Analytics gateway',
        'Pseudonymised usage events kept for anonymised statistics.',
        'privacy-ops team', true, true, now(), 'migration');

-- One row per request and system given its task: the system's latest answer, and for a disclosure the data it
-- holds about the subject (until the bundle's retention ends).
create table request_task (
    request_id          uuid          not null references data_request (id),
    system              varchar(64)   not null references data_holder_system (code),
    assigned_at         timestamptz   not null,
    answer_by           timestamptz   not null check (answer_by > assigned_at),
    -- null while the system has not answered
    outcome             varchar(16)   check (outcome in ('completed', 'nothing-held', 'not-applicable', 'failed')),
    detail              varchar(2000),
    affected            integer       check (affected >= 0),
    data                jsonb,
    answered_at         timestamptz,
    answer_event_id     varchar(256),
    overdue_flagged_at  timestamptz,
    data_purged_at      timestamptz,
    primary key (request_id, system),
    check ((outcome is null) = (answered_at is null) and (outcome is null) = (detail is null)
       and (outcome is null) = (answer_event_id is null)),
    check (data is null or outcome = 'completed'),
    check (data_purged_at is null or data is null)
);

-- Pending answers, for the watchdog.
create index request_task_pending on request_task (answer_by) where outcome is null or outcome = 'failed';

-- Every answer as it arrived, also those that did not change the task (a second answer, an answer after a
-- cancellation): the trail of what each system said, kept with the request. Without the disclosed data, which
-- lives only in request_task.
create table task_answer (
    event_id     varchar(256)  primary key,
    request_id   uuid          not null references data_request (id),
    system       varchar(64)   not null,
    outcome      varchar(16)   not null check (outcome in ('completed', 'nothing-held', 'not-applicable', 'failed')),
    detail       varchar(2000) not null,
    affected     integer       check (affected >= 0),
    had_data     boolean       not null,
    answered_at  timestamptz   not null,
    received_at  timestamptz   not null,
    -- what the answer did: applied to the task, or kept only as a trail (and why)
    effect       varchar(32)   not null check (effect in ('applied', 'already-answered', 'request-closed'))
);

create index task_answer_request on task_answer (request_id, received_at);
