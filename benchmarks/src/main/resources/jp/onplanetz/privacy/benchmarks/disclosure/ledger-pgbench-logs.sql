-- The logs the service creates at start (shard-00 ...), each head at the genesis link, in pgbench's scratch copy of
-- the ledger's tables (LedgerTables: the tables themselves come from disclosure-log-service's migration).
insert into ledger_log (log_id, origin, created_at)
select 'shard-' || lpad(n::text, 2, '0'), 'onplanetz.jp/privacy-ops/disclosure-log/pgbench/shard-' || lpad(n::text, 2, '0'), now()
  from generate_series(0, ${logs} - 1) n;
insert into ledger_head (log_id, next_seq, last_link)
select log_id, 0, sha256(convert_to('privacy-ops disclosure log genesis', 'UTF8')) from ledger_log;
