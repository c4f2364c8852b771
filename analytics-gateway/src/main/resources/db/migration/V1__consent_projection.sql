-- The gateway's view of consent, built only from consent-service's events. One row per consent record;
-- its state is the latest event applied for it.
create table consent_projection (
    consent_id    uuid         primary key,
    subject_id    varchar(128) not null,
    purpose       varchar(64)  not null,
    recipient     varchar(64),
    state         varchar(16)  not null check (state in ('granted', 'withdrawn')),
    granted_at    timestamptz,
    expires_at    timestamptz,
    withdrawn_at  timestamptz,
    last_event_id varchar(64)  not null,
    updated_at    timestamptz  not null default now()
);

create index consent_projection_subject on consent_projection (subject_id, purpose);
