-- The Kafka door's consumed offsets, kept in the same transaction as the rows they produced: a crash between the
-- rows and an offset commit on Kafka can then neither lose events nor store a batch whose offsets are forgotten.
-- PostgreSQL is the truth; the door also commits the same offsets to Kafka afterwards, for lag tools only.
--
-- epoch fences a zombie: a door that is assigned a partition increments its epoch, and every batch advances
-- next_offset only where the epoch is still the one it was assigned under. A door that lost the partition without
-- noticing (a long pause, a session timeout) then updates no row, and rolls its batch back.
create table usage_ingest_offset (
    topic       varchar(249) not null,
    partition   integer      not null check (partition >= 0),
    -- null until a batch of the partition has committed: the door then starts where the group's committed offset
    -- (or the beginning of the topic) says
    next_offset bigint       check (next_offset >= 0),
    epoch       bigint       not null check (epoch > 0),
    primary key (topic, partition)
);
