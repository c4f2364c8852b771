-- The entrustment register (APPI Art. 27(5)(i); privacy policy Art. 5). Handing personal data to a
-- subcontractor to do work for us is not a provision to a third party, so it needs no consent and leaves no
-- record of provision; in exchange we must supervise the subcontractor (Art. 25). This register is how we
-- show which data went to whom, under which confidentiality agreement, and that we checked on them.
-- Append-only: the service has no endpoint that changes or removes an entry.
create table entrustment (
    id                             uuid          primary key,
    subcontractor_name             varchar(200)  not null check (btrim(subcontractor_name) <> ''),
    subcontractor_address          varchar(500)  not null check (btrim(subcontractor_address) <> ''),
    -- For a corporation, its representative; an individual subcontractor has none.
    subcontractor_representative   varchar(200)  check (btrim(subcontractor_representative) <> ''),
    data_items                     text[]        not null check (cardinality(data_items) > 0),
    purpose                        varchar(2000) not null check (btrim(purpose) <> ''),
    confidentiality_agreement_date date          not null,
    created_at                     timestamptz   not null,
    created_by                     varchar(128)  not null   -- token sub of the privacy officer
);

create index entrustment_created on entrustment (created_at, id);

-- The supervision of the subcontractor (Art. 25): each check, what it found, who recorded it.
create table entrustment_supervision_check (
    id             uuid          primary key,
    entrustment_id uuid          not null references entrustment (id),
    checked_on     date          not null,
    result         varchar(16)   not null check (result in ('satisfactory', 'issues-found')),
    note           varchar(2000),
    recorded_by    varchar(128)  not null,
    recorded_at    timestamptz   not null,
    -- Issues found are only useful on record if they say what they were.
    check (result = 'satisfactory' or (note is not null and btrim(note) <> ''))
);

create index entrustment_supervision_check_entrustment on entrustment_supervision_check (entrustment_id, checked_on);
