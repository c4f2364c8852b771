-- The ledger verifier (disclosure-log-ledger's VerifyLedger, a CronJob in Kubernetes) runs as ${audit_role}: it
-- reads the logs, their entries, payloads, redactions, heads and checkpoints, and may change nothing. Holding its
-- credentials lets nobody append to the ledger (the service's own role may) nor read anything else (the registers,
-- the outbox): an auditor's job needs no more.
grant usage on schema public to ${audit_role};
grant select on ledger_log, ledger_head, ledger_entry, ledger_payload, ledger_redaction, ledger_checkpoint
    to ${audit_role};
