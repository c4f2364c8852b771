-- Data-subject requests (data-request-service's tasks): the people whose usage events the gateway erased on
-- their request (deletion, cessation of use, or withdrawal of consent to anonymised statistics). Events about
-- them are dropped at the door from then on, unless they consent to the purpose again after blocked_at, and an
-- event that occurred before blocked_at is dropped even then: it belongs to what was erased.
--
-- The raw subject id, on purpose. A suppression list must recognise the person, and events arrive under the raw
-- id: a pseudonym would stop matching once its key leaves the ring, and the block must outlive every rotation.
-- consent_projection already holds the same raw ids. Nothing else about the person is kept here: no events, no
-- attributes, only when and by which request the block was made.
create table erasure_block (
    subject_id   varchar(128) primary key,
    blocked_at   timestamptz  not null,
    request_id   uuid         not null,
    request_type varchar(32)  not null
        check (request_type in ('deletion', 'cessation-of-use', 'consent-withdrawal'))
);

-- A person's events are found in either pseudonym column (signed in, or as the anonymous visitor they consented
-- as); without this index every erasure, disclosure and consent withdrawal would read the whole table.
create index usage_event_anonymous on usage_event (anonymous_pseudonym) where anonymous_pseudonym is not null;
