-- The transactional outbox and the idempotent inbox, in every service's own database.
-- Versions 0.x belong to the platform; each service numbers its own migrations from 1.

create table outbox_event (
    -- Order of commit per record key (the relay sends by seq; see Outbox for the per-key lock).
    seq           bigint generated always as identity primary key,
    id            uuid          not null unique,          -- CloudEvents id
    topic         varchar(249)  not null,
    record_key    varchar(256)  not null,
    ce_type       varchar(255)  not null,
    ce_source     varchar(255)  not null,
    ce_subject    varchar(256)  not null,
    ce_time       timestamptz   not null,
    ce_dataschema varchar(255)  not null,
    payload       text          not null,
    published_at  timestamptz
);

-- The relay reads only what is still to send; the partial index stays small however long the history.
create index outbox_event_unpublished on outbox_event (seq) where published_at is null;
create index outbox_event_published_at on outbox_event (published_at) where published_at is not null;

create table inbox_message (
    consumer     varchar(128) not null,
    event_id     varchar(256) not null,                   -- CloudEvents id of the applied event
    ce_type      varchar(255),
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
