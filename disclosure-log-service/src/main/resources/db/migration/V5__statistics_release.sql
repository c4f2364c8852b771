-- The register of statistics releases: every release of anonymised statistics analytics-gateway made to a
-- recipient, and every release it refused (the recipient's privacy budget would have been exceeded), from the
-- gateway's events on privacy.analytics.releases.v1. Anonymised statistics are not personal data and their
-- release is not a provision on consent, so it is no record of the ledger; but the privacy officer must be able
-- to show what was released, to whom, when and with what protection (epsilon, k, L), and an auditor must see the
-- refused attempts beside the releases.
--
-- The cell values are not kept: they are in the release itself, at the gateway and with the recipient. This is
-- the fact of the release, and how many cells it had and how many were suppressed below k.
create table statistics_release (
    -- A release's own id (the gateway's releaseId, so the id on a release finds it here); a refusal has no
    -- release id and gets one when it is recorded.
    id                       uuid          primary key,
    -- The CloudEvent id: each event is one row, however often it is delivered.
    event_id                 varchar(256)  not null unique,
    status                   varchar(16)   not null check (status in ('released', 'refused')),
    release_id               uuid          unique,
    definition_id            uuid          not null,
    recipient                varchar(64)   not null,
    purpose                  varchar(64),
    window_start             timestamptz   not null,
    window_end               timestamptz   not null check (window_end > window_start),
    dimensions               text[],
    measure                  varchar(64),
    -- As a decimal (the event's string), never a float: budgets are sums of these.
    epsilon                  numeric       not null check (epsilon >= 0),
    max_cells_per_person     integer       check (max_cells_per_person >= 1),        -- L
    minimum_people_per_cell  integer       check (minimum_people_per_cell >= 1),     -- k
    released_cells           integer       check (released_cells >= 0),
    suppressed_cells         integer       check (suppressed_cells >= 0),
    -- A refusal: the budget it would have exceeded (the month, what was spent of it, its cap).
    budget_period            varchar(7)    check (budget_period ~ '^[0-9]{4}-[0-9]{2}$'),
    budget_spent             numeric       check (budget_spent >= 0),
    budget_cap               numeric       check (budget_cap >= 0),
    -- releasedAt of a release, refusedAt of a refusal: the moment of the attempt, what the register is read by.
    occurred_at              timestamptz   not null,
    received_at              timestamptz   not null,
    -- A release says everything about what went out and nothing about a budget refusal; a refusal the reverse.
    check (status <> 'released' or (id = release_id and purpose is not null and cardinality(dimensions) > 0
        and measure is not null and max_cells_per_person is not null and minimum_people_per_cell is not null
        and released_cells is not null and suppressed_cells is not null
        and budget_period is null and budget_spent is null and budget_cap is null)),
    check (status <> 'refused' or (release_id is null and purpose is null and dimensions is null and measure is null
        and max_cells_per_person is null and minimum_people_per_cell is null and released_cells is null
        and suppressed_cells is null
        and budget_period is not null and budget_spent is not null and budget_cap is not null))
);

create index statistics_release_occurred on statistics_release (occurred_at, id);
create index statistics_release_recipient on statistics_release (recipient, occurred_at, id);

-- The service reads and appends (V2's default privileges give it that already; said here so the table's rights
-- are read where it is made).
grant select, insert on statistics_release to ${app_role};

-- What was released, and what was refused, is evidence: not the service, nor a hand at the console, may rewrite
-- or remove it. refuse_change() is V2's.
create trigger statistics_release_append_only before update or delete on statistics_release
    for each row execute function refuse_change();
-- TRUNCATE skips row triggers; it would remove the whole register at once.
create trigger statistics_release_no_truncate before truncate on statistics_release
    for each statement execute function refuse_change();
