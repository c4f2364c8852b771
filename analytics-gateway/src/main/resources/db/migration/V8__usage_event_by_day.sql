-- usage_event by day of occurred_at (UTC), so that retention drops a whole day's partition instead of deleting
-- rows one by one, and a day's inserts touch one day's indexes only. A partitioned table's unique keys must hold
-- the partition key: the primary key becomes (id, occurred_at). The ids are time-ordered and follow from the
-- event (TimeOrderedIds), so an id still names one event; occurred_at only joins it to make the key possible.
-- The partitions are made by UsageEventPartitions (the maintenance ahead of time, the door when it meets a day
-- that is missing); this migration makes only the days the rows already stored need.

alter table usage_event rename to usage_event_unpartitioned;
alter table usage_event_unpartitioned rename constraint usage_event_pkey to usage_event_unpartitioned_pkey;
alter index usage_event_subject rename to usage_event_unpartitioned_subject;
alter index usage_event_anonymous rename to usage_event_unpartitioned_anonymous;

-- A pseudonym of Pseudonymiser's format, p<key version>:<22 base64url characters>, checked as the regular
-- expression '^p[1-9][0-9]{0,8}:[A-Za-z0-9_-]{22}$' would, at less cost: a counted repetition is what
-- makes PostgreSQL's regex engine slow, so the lengths are checked apart. Length 25 to 33 with the colon 22
-- characters from the end, and no colon in either part, leave exactly 1 to 9 digits before it and 22 characters
-- after it. UsageEventChecksTest runs both forms over valid and invalid values.
create function usage_event_pseudonym_shape(v text) returns boolean
    language sql immutable parallel safe
    return length(v) between 25 and 33
        and substr(v, length(v) - 22, 1) = ':'
        and v ~ '^p[1-9][0-9]*:[-0-9A-Z_a-z]+$';

-- Usage events after the door: keyed pseudonyms and generalised attributes only. The checks make a raw
-- identifier that slipped through a code change fail the insert instead of landing here: every id column
-- holds a pseudonym of Pseudonymiser's format, the IP column only a network prefix.
create table usage_event (
    id                      uuid         not null,
    subject_pseudonym       varchar(40)  check (usage_event_pseudonym_shape(subject_pseudonym)),
    anonymous_pseudonym     varchar(40)  check (usage_event_pseudonym_shape(anonymous_pseudonym)),
    cookie_pseudonym        varchar(40)  check (usage_event_pseudonym_shape(cookie_pseudonym)),
    terminal_pseudonym      varchar(40)  check (usage_event_pseudonym_shape(terminal_pseudonym)),
    -- the key every pseudonym of the row was made with: a statistics window is counted under one version
    key_version             integer      not null check (key_version > 0),
    -- kept as a regular expression: the forms without its counted repetitions cost as much here
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
    check (subject_pseudonym is null or anonymous_pseudonym is null),
    primary key (id, occurred_at)
) partition by range (occurred_at);

create index usage_event_subject on usage_event (subject_pseudonym) where subject_pseudonym is not null;
-- A person's events are found in either pseudonym column (signed in, or as the anonymous visitor they consented
-- as); without this index every erasure, disclosure and consent withdrawal would read the whole table.
create index usage_event_anonymous on usage_event (anonymous_pseudonym) where anonymous_pseudonym is not null;

-- One partition per UTC day, named usage_event_pYYYYMMDD (UsageEventPartitions reads the day back from the name).
do $$
declare
    day date;
begin
    for day in select distinct (occurred_at at time zone 'UTC')::date from usage_event_unpartitioned loop
        execute format('create table %I partition of usage_event for values from (%L) to (%L)',
                       'usage_event_p' || to_char(day, 'YYYYMMDD'),
                       day::timestamp at time zone 'UTC', (day + 1)::timestamp at time zone 'UTC');
    end loop;
end
$$;

insert into usage_event (id, subject_pseudonym, anonymous_pseudonym, cookie_pseudonym, terminal_pseudonym,
                         key_version, ip_prefix, occurred_at, event_type, page, gender, age_band, prefecture, region,
                         job_class, company_size, company_sector, consented_for_analytics, ingested_at)
select id, subject_pseudonym, anonymous_pseudonym, cookie_pseudonym, terminal_pseudonym, key_version, ip_prefix,
       occurred_at, event_type, page, gender, age_band, prefecture, region, job_class, company_size, company_sector,
       consented_for_analytics, ingested_at
from usage_event_unpartitioned;

drop table usage_event_unpartitioned;
