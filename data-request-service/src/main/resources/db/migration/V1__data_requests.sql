-- Data subjects' requests under APPI Art. 33-35 (disclosure, disclosure of the records of provision to
-- third parties, correction, deletion, cessation of use or of provision, withdrawal of consent). This first
-- slice files, reads and cancels them; the later fan-out to the other services moves them through the
-- states the check constraint already lists.
create table data_request (
    id                uuid          primary key,
    subject_id        varchar(128)  not null,
    request_type      varchar(40)   not null check (request_type in ('disclosure', 'provision-record-disclosure',
                          'correction', 'deletion', 'cessation-of-use', 'cessation-of-provision', 'consent-withdrawal')),
    -- How the disclosed data is handed over (Art. 33(1): the subject may name the method); disclosures only.
    format            varchar(8)    check (format in ('json', 'csv')),
    status            varchar(32)   not null check (status in ('received', 'identity-verified', 'in-progress',
                          'completed', 'refused', 'cancelled')),
    filed_by          varchar(16)   not null check (filed_by in ('subject', 'operator')),
    filed_by_id       varchar(128)  not null,             -- token sub of whoever filed it
    -- How an operator verified the subject's identity; a subject's own token is its verification.
    verification_note varchar(1000),
    received_at       timestamptz   not null,
    due_at            timestamptz   not null,
    details           varchar(2000),
    -- The purposes (cessation of use) or recipients (cessation of provision) the request is limited to;
    -- null: all of them. Plain values of the request, never queried on their own: arrays, not child tables.
    purpose_codes     text[],
    recipient_codes   text[],
    cancelled_at      timestamptz,
    cancelled_by      varchar(16)   check (cancelled_by in ('subject', 'operator')),
    cancelled_by_id   varchar(128),

    check ((filed_by = 'operator') = (verification_note is not null)),
    check ((request_type in ('disclosure', 'provision-record-disclosure')) = (format is not null)),
    check (purpose_codes is null or (request_type = 'cessation-of-use' and cardinality(purpose_codes) > 0)),
    check (recipient_codes is null or (request_type = 'cessation-of-provision' and cardinality(recipient_codes) > 0)),
    check (due_at > received_at),
    check ((status = 'cancelled') = (cancelled_at is not null)),
    check ((cancelled_at is null) = (cancelled_by is null) and (cancelled_at is null) = (cancelled_by_id is null))
);

-- A subject's own requests; the officers' queue of open requests, most urgent first.
create index data_request_subject on data_request (subject_id, received_at);
create index data_request_open_by_due on data_request (due_at)
    where status in ('received', 'identity-verified', 'in-progress');
