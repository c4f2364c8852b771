-- The joint-use register (APPI Art. 27(5)(iii); privacy policy). Using personal data jointly with named
-- others is not a provision to a third party, so it needs no consent and leaves no record of provision; in
-- exchange, before the joint use starts, the data subject must be able to read which items are used, by whom,
-- for what, and who is responsible for managing them. Each row is such a published notice.
-- A change of the purposes or of the responsible person must also be made known in advance (Art. 27(6)), so
-- a change is a new row that names the one it replaces; the public notice shows the rows nobody replaced.
create table joint_use (
    id                         uuid          primary key,
    title                      varchar(200)  not null check (btrim(title) <> ''),
    data_items                 text[]        not null check (cardinality(data_items) > 0),
    joint_users_scope          varchar(2000) not null check (btrim(joint_users_scope) <> ''),
    purposes                   varchar(2000) not null check (btrim(purposes) <> ''),
    responsible_name           varchar(200)  not null check (btrim(responsible_name) <> ''),
    responsible_address        varchar(500)  not null check (btrim(responsible_address) <> ''),
    -- For a corporation, its representative; an individual has none.
    responsible_representative varchar(200)  check (btrim(responsible_representative) <> ''),
    starts_on                  date          not null,
    -- Unique: an arrangement is replaced once; a second change replaces the replacement, so the history
    -- of an arrangement is a chain and the notice never shows two versions of it.
    supersedes                 uuid          unique references joint_use (id) check (supersedes <> id),
    published_at               timestamptz   not null,
    created_by                 varchar(128)  not null   -- token sub of the privacy officer
);

create index joint_use_published on joint_use (published_at, id);

-- A notice once published is evidence of what the data subjects were told and when: not the service, nor a
-- hand at the console, may rewrite or remove it.
create function joint_use_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'joint_use is append-only (% refused)', tg_op;
end $$;
create trigger joint_use_append_only before update or delete on joint_use
    for each row execute function joint_use_is_append_only();
-- TRUNCATE skips row triggers; it would remove every notice at once.
create trigger joint_use_no_truncate before truncate on joint_use
    for each statement execute function joint_use_is_append_only();
