-- Finding numbers ready to be handed out, per hackathon (used on PostgreSQL).
-- A creation takes the lowest free number inside its own transaction with
-- FOR UPDATE SKIP LOCKED, so concurrent creations never wait for each other;
-- an aborted creation puts its number back (its DELETE rolls back) and the
-- next creation takes it, so numbers stay contiguous. When the pool of a
-- hackathon is empty, a short separate statement moves
-- finding_counters.last_number (now: the highest number put in the pool) on
-- and fills the pool. SQLite has one writer and takes numbers straight from
-- finding_counters.
CREATE TABLE finding_number_pool (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    PRIMARY KEY (hackathon_id, number)
);
