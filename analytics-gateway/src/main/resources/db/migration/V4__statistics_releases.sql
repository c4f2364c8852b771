-- Statistics releases. A definition says what a recipient gets for each window; a release is one window's
-- anonymised figures; the budget ledger is what each recipient has spent of its privacy budget per month.

create table release_definition (
    id                    uuid          primary key,
    recipient             varchar(64)   not null check (recipient ~ '^[a-z][a-z0-9-]{0,63}$'),
    -- shown in the published notice of external transmissions
    recipient_name        varchar(256)  not null,
    purpose               varchar(64)   not null check (purpose ~ '^[a-z][a-z0-9-]{0,63}$'),
    -- the dimensions in the order the cells list them, comma-separated (checked against the code's list)
    dimensions            varchar(256)  not null,
    measure               varchar(32)   not null check (measure in ('distinct-people')),
    window_seconds        bigint        not null check (window_seconds > 0),
    starts_at             timestamptz   not null,
    epsilon               numeric(12,6) not null check (epsilon > 0),
    min_people_per_cell   integer       not null check (min_people_per_cell >= 11),
    max_cells_per_person  integer       not null check (max_cells_per_person >= 1),
    created_by            varchar(128)  not null,
    created_at            timestamptz   not null,
    -- a retired definition counts no more events and releases no more windows after this moment
    retired_at            timestamptz,
    check (retired_at is null or retired_at >= created_at)
);

-- One row per recipient and calendar month (UTC). The cap is fixed when the row is made, from the
-- configuration of that moment, so that raising the configured cap cannot re-open a month already spent.
create table privacy_budget (
    recipient  varchar(64)   not null,
    period     char(7)       not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
    cap        numeric(12,6) not null check (cap > 0),
    spent      numeric(12,6) not null default 0 check (spent >= 0),
    primary key (recipient, period),
    -- the database refuses an overspend even if the service's check were ever bypassed
    check (spent <= cap)
);

-- One row per window of a definition: released (with the figures) or refused (budget), never both, never twice.
create table statistics_release (
    id                    uuid          primary key,
    definition_id         uuid          not null references release_definition (id),
    recipient             varchar(64)   not null,
    window_start          timestamptz   not null,
    window_end            timestamptz   not null check (window_end > window_start),
    status                varchar(16)   not null check (status in ('released', 'refused')),
    epsilon               numeric(12,6) not null,
    budget_period         char(7)       not null,
    -- the released cells as JSON [{"values": {...}, "count": n}], noisy counts only; null when refused
    cells                 text,
    suppressed_cells      integer,
    decided_at            timestamptz   not null,
    unique (definition_id, window_start),
    check ((status = 'released') = (cells is not null))
);

create index statistics_release_recipient on statistics_release (recipient, decided_at desc);
