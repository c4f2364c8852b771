-- The counting of the statistics, done at the door in the transaction that stores the events.
--
-- counting_person: one person's kept cells of one release definition's window, after both per-person bounds (at
-- most once per cell, at most L cells, the canonically first L). The source is where their cells are counted
-- (cell_partial.source): every later change of the row adds to that source's partials, so a retraction knows which
-- partials to take the person out of. The version makes concurrent changes of one row fail instead of both counting.
create table counting_person (
    person       varchar(40) not null,
    definition   uuid        not null,
    window_start timestamptz not null,
    cells        text[]      not null,
    source       varchar(64) not null,
    version      bigint      not null,
    primary key (person, definition, window_start)
);

-- Distinct people per cell and source: what each source publishes (analytics.cell-partial-counted.v1) as absolute
-- values, which Kafka Streams sums per cell. One row per source so that each door adds to rows no other door
-- writes, and a resent value replaces rather than adds. No CHECK on people: PostgreSQL checks the row an upsert
-- proposes to insert before it finds the conflict, so a -1 for a stored partial would fail it; the counter refuses a
-- negative result instead (CountingRepository.addToPartials).
create table cell_partial (
    definition   uuid        not null,
    window_start timestamptz not null,
    cell         text        not null,
    source       varchar(64) not null,
    people       bigint      not null,
    primary key (definition, window_start, cell, source)
);

-- The latest retraction of a person (consent withdrawn, or erased): their events that occurred at or before it no
-- longer count, even when delivered later. The pseudonym, under every key of the ring.
create table counting_retraction (
    person varchar(40) primary key,
    until  timestamptz not null
);
