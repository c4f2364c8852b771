-- The ledger of records of provision to third parties (APPI Art. 29) and of data received from third parties
-- (Art. 30), tamper-evident against someone with database access.
--
-- Migrations run as the database's owner; the service runs as ${app_role}, which may read and append and
-- nothing else on the ledger. The triggers below refuse UPDATE and DELETE to everyone, owner included, so a
-- change needs a deliberate act (disabling a trigger as owner) that the verifier then exposes: every entry is
-- a leaf of a hash chain and of an RFC 9162 Merkle tree whose signed roots live outside the database.

-- ---- the service's runtime role ----------------------------------------------------------------------------
grant usage on schema public to ${app_role};
grant select, insert, update, delete on outbox_event to ${app_role};
grant select, insert on inbox_message to ${app_role};
-- The entrustment register has no endpoint that changes an entry: the role cannot either.
grant select, insert on entrustment, entrustment_supervision_check to ${app_role};
grant usage, select on all sequences in schema public to ${app_role};
-- Tables of later migrations: read and append only, unless a migration grants more on purpose.
alter default privileges in schema public grant select, insert on tables to ${app_role};
alter default privileges in schema public grant usage, select on sequences to ${app_role};

-- ---- the logs ----------------------------------------------------------------------------------------------
-- Records are spread over several logs (by data subject) so that appends do not all queue on one head. Each
-- log is its own chain and its own tree, with its own checkpoints.
create table ledger_log (
    log_id      varchar(64)  primary key,
    -- The checkpoint origin, e.g. onplanetz.jp/privacy-ops/disclosure-log/shard-03.
    origin      varchar(200) not null unique,
    created_at  timestamptz  not null
);

-- The head of each log: the next index and the last link. Appends lock this row, so one log grows one entry at
-- a time and indexes have no gaps. Its only row per log is updated on every append: the one mutable table.
create table ledger_head (
    log_id     varchar(64) primary key references ledger_log (log_id),
    next_seq   bigint      not null check (next_seq >= 0),
    last_link  bytea       not null check (octet_length(last_link) = 32)
);
grant update on ledger_head to ${app_role};

-- One entry per record: what the leaf hash covers, and nothing personal (the payload is apart, so that
-- retention can remove it while the chain and the tree stay verifiable).
create table ledger_entry (
    log_id          varchar(64)  not null references ledger_log (log_id),
    seq             bigint       not null check (seq >= 0),
    record_id       uuid         not null unique,
    kind            varchar(16)  not null check (kind in ('provision', 'receiving')),
    recorded_at     timestamptz  not null,
    -- In the leaf: shortening it here to have a record redacted early breaks the entry.
    retain_until    date         not null,
    payload_sha256  bytea        not null check (octet_length(payload_sha256) = 32),
    leaf_hash       bytea        not null check (octet_length(leaf_hash) = 32),
    chain_link      bytea        not null check (octet_length(chain_link) = 32),
    primary key (log_id, seq)
);

-- The record itself, exactly the bytes hashed (text, not jsonb: jsonb would reorder keys and break the hash),
-- with the columns the queries need. Deleted only by redact_expired_records() once retention has run out.
create table ledger_payload (
    record_id       uuid          primary key references ledger_entry (record_id),
    log_id          varchar(64)   not null,
    seq             bigint        not null,
    kind            varchar(16)   not null,
    subject_id      varchar(128)  not null,
    counterparty    varchar(200)  not null,   -- recipient code (provision) or provider name (receiving)
    first_day       date          not null,
    last_day        date          not null check (last_day >= first_day),
    payload         text          not null,
    foreign key (log_id, seq) references ledger_entry (log_id, seq)
);
create index ledger_payload_subject on ledger_payload (subject_id, first_day);
create index ledger_payload_counterparty on ledger_payload (counterparty, first_day);
create index ledger_payload_period on ledger_payload (first_day, last_day);
create index ledger_entry_retention on ledger_entry (retain_until);

-- Where a payload went: removed at the end of its retention. Append-only; the verifier accepts a missing payload
-- only with its redaction here.
create table ledger_redaction (
    record_id    uuid        primary key references ledger_entry (record_id),
    retain_until date        not null,
    redacted_at  timestamptz not null
);

-- Signed checkpoints: tree size, root and time, in the C2SP signed-note text. Published to Kafka as well, so a
-- copy of the history lives outside this database.
create table ledger_checkpoint (
    log_id      varchar(64) not null references ledger_log (log_id),
    tree_size   bigint      not null check (tree_size >= 0),
    root_hash   bytea       not null check (octet_length(root_hash) = 32),
    signed_at   timestamptz not null,
    note        text        not null,
    primary key (log_id, tree_size)
);

-- The check of each record's basis against consent-service, apart from the immutable record: a record is kept
-- whatever its basis turns out to be, and is flagged when the basis did not stand at the time.
create table basis_check (
    record_id    uuid          primary key references ledger_entry (record_id),
    outcome      varchar(16)   not null check (outcome in ('confirmed', 'flagged')),
    reason       varchar(64)   not null,
    detail       varchar(2000),
    checked_at   timestamptz   not null
);

-- Records whose consent is still to be checked: a queue, so that the checker reads what is pending rather than
-- scanning every record for the absence of a check. A row goes when its check is written, in the same transaction.
create table basis_check_pending (
    record_id    uuid          primary key references ledger_entry (record_id),
    enqueued_at  timestamptz   not null
);
create index basis_check_pending_enqueued on basis_check_pending (enqueued_at);
grant delete on basis_check_pending to ${app_role};

-- Legal holds stop redaction (litigation, a regulator's inquiry). Released by a second row, never by deleting.
create table legal_hold (
    id           uuid          primary key,
    subject_id   varchar(128),
    record_id    uuid          references ledger_entry (record_id),
    reason       varchar(2000) not null check (btrim(reason) <> ''),
    placed_by    varchar(128)  not null,
    placed_at    timestamptz   not null,
    check ((subject_id is null) <> (record_id is null))
);
create table legal_hold_release (
    hold_id      uuid          primary key references legal_hold (id),
    reason       varchar(2000) not null check (btrim(reason) <> ''),
    released_by  varchar(128)  not null,
    released_at  timestamptz   not null
);

-- Uses of personal data on an APPI Art. 27(1) ground (laws, life and property, public health, public bodies):
-- not provisions on consent, so kept with their reason code apart from the records, for a privacy officer's review.
create table legal_exception_use (
    use_id         uuid          primary key,
    event_id       varchar(256)  not null unique,
    subject_id     varchar(128)  not null,
    purpose        varchar(64)   not null,
    recipient      varchar(64),
    categories     text[]        not null,
    reason_code    varchar(64)   not null,
    justification  varchar(4000),
    caller         varchar(128)  not null,
    decided_at     timestamptz   not null,
    received_at    timestamptz   not null
);
create index legal_exception_use_decided on legal_exception_use (decided_at);

-- ---- append-only, for everyone -----------------------------------------------------------------------------
create function refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger ledger_entry_append_only before update or delete on ledger_entry
    for each row execute function refuse_change();
create trigger ledger_entry_no_truncate before truncate on ledger_entry
    for each statement execute function refuse_change();
create trigger ledger_log_append_only before update or delete on ledger_log
    for each row execute function refuse_change();
create trigger ledger_checkpoint_append_only before update or delete on ledger_checkpoint
    for each row execute function refuse_change();
create trigger ledger_redaction_append_only before update or delete on ledger_redaction
    for each row execute function refuse_change();
create trigger basis_check_append_only before update or delete on basis_check
    for each row execute function refuse_change();
create trigger legal_hold_append_only before update or delete on legal_hold
    for each row execute function refuse_change();
create trigger legal_hold_release_append_only before update or delete on legal_hold_release
    for each row execute function refuse_change();
create trigger legal_exception_use_append_only before update or delete on legal_exception_use
    for each row execute function refuse_change();

-- A payload may go only by redaction: the row is refused unless its redaction is recorded in the same
-- transaction and its retention has run out and no hold stands.
create function payload_delete_only_by_redaction() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        raise exception 'ledger_payload is append-only: UPDATE refused' using errcode = 'insufficient_privilege';
    end if;
    if not exists (select 1 from ledger_redaction r where r.record_id = old.record_id)
       or (select e.retain_until from ledger_entry e where e.record_id = old.record_id) >= current_date
       or exists (select 1 from legal_hold h
                   where (h.record_id = old.record_id or h.subject_id = old.subject_id)
                     and not exists (select 1 from legal_hold_release x where x.hold_id = h.id)) then
        raise exception 'ledger_payload of record % may go only by redaction after its retention, without a hold',
            old.record_id using errcode = 'insufficient_privilege';
    end if;
    return old;
end
$$;
create trigger ledger_payload_redaction_only before update or delete on ledger_payload
    for each row execute function payload_delete_only_by_redaction();

-- The service's one way to remove payloads: runs as the owner (security definer), takes only what has expired
-- and is not held, and records each redaction in the same transaction. Returns how many it redacted.
create function redact_expired_records(max_records integer) returns integer
    language plpgsql security definer set search_path = public as $$
declare
    n integer;
begin
    with expired as (
        select p.record_id, e.retain_until from ledger_payload p join ledger_entry e on e.record_id = p.record_id
         where e.retain_until < current_date
           and not exists (select 1 from legal_hold h
                            where (h.record_id = p.record_id or h.subject_id = p.subject_id)
                              and not exists (select 1 from legal_hold_release x where x.hold_id = h.id))
         order by e.retain_until
         limit max_records
         for update of p skip locked
    ), logged as (
        insert into ledger_redaction (record_id, retain_until, redacted_at)
        select record_id, retain_until, now() from expired
        returning record_id
    )
    select count(*) into n from logged;
    delete from ledger_payload p using ledger_redaction r
     where r.record_id = p.record_id and r.redacted_at = now();
    return n;
end
$$;
revoke all on function redact_expired_records(integer) from public;
grant execute on function redact_expired_records(integer) to ${app_role};
