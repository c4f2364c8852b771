create table test_ledger_entry (
    id       uuid primary key,
    subject  varchar(128) not null,
    n        integer      not null,
    amount   integer      not null
);
-- No unique constraint on purpose: a second application of one event would show as a second row.
create table test_applied_event (
    applied_seq bigint generated always as identity primary key,
    event_id    varchar(64)  not null,
    subject     varchar(128) not null,
    n           integer      not null
);
