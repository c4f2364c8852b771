-- The privacy policy in force, as consent-service publishes it (policy.version-published.v2 on
-- privacy.policy.events.v1): the notice of external transmissions lists its modules' transmissions, and a release
-- definition may name only a recipient of anonymised statistics in it. One row, the latest version received; an
-- older version arriving late never replaces a newer one.
create table policy_in_force (
    id              smallint      primary key check (id = 1),
    version_number  integer       not null check (version_number >= 1),
    policy_version  char(64)      not null check (policy_version ~ '^[0-9a-f]{64}$'),
    published_at    timestamptz   not null,
    -- the version's content as the event carries it (JSON)
    content         text          not null,
    received_at     timestamptz   not null
);
