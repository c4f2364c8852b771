-- The scratch copy of disclosure-log-service's ledger tables for DisclosureAppendBenchmark's pgbench baseline:
-- columns, keys, checks and indexes as in disclosure-log-service's V2__provision_ledger.sql (the benchmark
-- compares both catalogues before it runs, and stops if they differ). Created in a scratch database of the
-- same server; the service's own database is not touched. The append-only triggers of V2 are left out: they
-- fire on UPDATE and DELETE of entries and payloads, never on an append.
create table ledger_log (
    log_id      varchar(64)  primary key,
    origin      varchar(200) not null unique,
    created_at  timestamptz  not null
);
create table ledger_head (
    log_id     varchar(64) primary key references ledger_log (log_id),
    next_seq   bigint      not null check (next_seq >= 0),
    last_link  bytea       not null check (octet_length(last_link) = 32)
);
create table ledger_entry (
    log_id          varchar(64)  not null references ledger_log (log_id),
    seq             bigint       not null check (seq >= 0),
    record_id       uuid         not null unique,
    kind            varchar(16)  not null check (kind in ('provision', 'receiving')),
    recorded_at     timestamptz  not null,
    retain_until    date         not null,
    payload_sha256  bytea        not null check (octet_length(payload_sha256) = 32),
    leaf_hash       bytea        not null check (octet_length(leaf_hash) = 32),
    chain_link      bytea        not null check (octet_length(chain_link) = 32),
    primary key (log_id, seq)
);
create table ledger_payload (
    record_id       uuid          primary key references ledger_entry (record_id),
    log_id          varchar(64)   not null,
    seq             bigint        not null,
    kind            varchar(16)   not null,
    subject_id      varchar(128)  not null,
    counterparty    varchar(200)  not null,
    first_day       date          not null,
    last_day        date          not null check (last_day >= first_day),
    payload         text          not null,
    foreign key (log_id, seq) references ledger_entry (log_id, seq)
);
create index ledger_payload_subject on ledger_payload (subject_id, first_day);
create index ledger_payload_counterparty on ledger_payload (counterparty, first_day);
create index ledger_payload_period on ledger_payload (first_day, last_day);
create index ledger_entry_retention on ledger_entry (retain_until);

-- The logs the service creates at start (shard-00 ...), each head at the genesis link.
insert into ledger_log (log_id, origin, created_at)
select 'shard-' || lpad(n::text, 2, '0'), 'onplanetz.jp/privacy-ops/disclosure-log/pgbench/shard-' || lpad(n::text, 2, '0'), now()
  from generate_series(0, ${logs} - 1) n;
insert into ledger_head (log_id, next_seq, last_link)
select log_id, 0, sha256(convert_to('privacy-ops disclosure log genesis', 'UTF8')) from ledger_log;
