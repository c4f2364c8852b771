-- Data subjects' requests to delete their data or to stop its use or provision (APPI Art. 35), as
-- data-request-service assigns them (privacy.data-request.tasks.v1). The records of provision and of data received
-- cannot be deleted for such a request: the law wants them kept for their retention period (Art. 29, 30),
-- and the ledger cannot be changed anyway. Instead the subject is marked as subject to the request, and every view
-- of a record about the subject shows the marks, so nobody reads the records without seeing that the person asked
-- us to stop. A mark made before a provision's record is the warning sign of data provided after that request.
--
-- One mark per request: a task sent again for the same request (a new event id) finds the mark it made.
create table subject_request_mark (
    id            uuid          primary key,
    subject_id    varchar(128)  not null,
    request_id    uuid          not null unique,
    request_type  varchar(32)   not null
        check (request_type in ('deletion', 'cessation-of-use', 'cessation-of-provision')),
    -- The purposes (cessation of use) and recipients (cessation of provision) the request names; empty means all.
    purposes      text[]        not null,
    recipients    text[]        not null,
    marked_at     timestamptz   not null,
    -- The CloudEvent id of the task that made the mark.
    event_id      varchar(256)  not null unique
);

-- The record views read the marks of a page's subjects in one query; the officer's list reads them newest first.
create index subject_request_mark_subject on subject_request_mark (subject_id, marked_at);
create index subject_request_mark_marked on subject_request_mark (marked_at, id);

-- Read and append only (V2's default privileges give that already; said here so the table's rights are read where
-- it is made).
grant select, insert on subject_request_mark to ${app_role};

-- A person's request is evidence of what we were asked and when: nobody rewrites or removes it. refuse_change()
-- is V2's.
create trigger subject_request_mark_append_only before update or delete on subject_request_mark
    for each row execute function refuse_change();
-- TRUNCATE skips row triggers; it would remove every mark at once.
create trigger subject_request_mark_no_truncate before truncate on subject_request_mark
    for each statement execute function refuse_change();
