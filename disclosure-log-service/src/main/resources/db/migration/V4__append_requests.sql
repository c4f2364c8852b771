-- Idempotent appends over HTTP. A caller that did not hear the answer to an append sends it again with the same
-- requestId; the ledger must not then hold the provision twice (and cannot be corrected: it is append-only).
-- Each (caller, requestId) names one record and the SHA-256 of the request that made it: the same request again
-- gets that record back, another request under the same id is refused.
create table append_request (
    caller        varchar(128) not null,
    request_id    uuid         not null,
    record_id     uuid         not null unique references ledger_entry (record_id),
    request_sha256 bytea       not null check (octet_length(request_sha256) = 32),
    primary key (caller, request_id)
);

create trigger append_request_append_only before update or delete on append_request
    for each row execute function refuse_change();
