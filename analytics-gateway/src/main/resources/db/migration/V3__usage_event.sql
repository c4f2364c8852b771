-- Usage events after the door: keyed pseudonyms and generalised attributes only. The checks make a raw
-- identifier that slipped through a code change fail the insert instead of landing here: every id column
-- holds a pseudonym of Pseudonymiser's format, the IP column only a network prefix.
create table usage_event (
    id                      uuid         primary key,
    subject_pseudonym       varchar(40)  check (subject_pseudonym ~ '^p[1-9][0-9]{0,8}:[A-Za-z0-9_-]{22}$'),
    anonymous_pseudonym     varchar(40)  check (anonymous_pseudonym ~ '^p[1-9][0-9]{0,8}:[A-Za-z0-9_-]{22}$'),
    cookie_pseudonym        varchar(40)  check (cookie_pseudonym ~ '^p[1-9][0-9]{0,8}:[A-Za-z0-9_-]{22}$'),
    terminal_pseudonym      varchar(40)  check (terminal_pseudonym ~ '^p[1-9][0-9]{0,8}:[A-Za-z0-9_-]{22}$'),
    -- the key every pseudonym of the row was made with: a statistics window is counted under one version
    key_version             integer      not null check (key_version > 0),
    ip_prefix               varchar(48)  check (ip_prefix ~ '^([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.0/24|[0-9a-f:]+/48)$'),
    occurred_at             timestamptz  not null,
    event_type              varchar(64)  not null,
    page                    varchar(256),
    gender                  varchar(16)  not null,
    age_band                varchar(16)  not null,
    prefecture              varchar(16)  not null,
    region                  varchar(16)  not null,
    job_class               varchar(16)  not null,
    company_size            varchar(16)  not null,
    company_sector          varchar(40)  not null,
    -- true at ingest (events without consent are not stored); a later withdrawal turns it false
    consented_for_analytics boolean      not null,
    ingested_at             timestamptz  not null default now(),
    check (subject_pseudonym is null or anonymous_pseudonym is null)
);

create index usage_event_subject on usage_event (subject_pseudonym) where subject_pseudonym is not null;
