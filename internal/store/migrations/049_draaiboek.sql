-- The draaiboek (runbook) of each test day (2E, 4A, 5C; annex 1): its
-- status and version, and the day programme's time slots. Every other
-- section is generated from the hackathon's data.
CREATE TABLE draaiboeks (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    day INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'concept',
    version INTEGER NOT NULL DEFAULT 0,
    published_at TIMESTAMPTZ,
    PRIMARY KEY (hackathon_id, day)
);

CREATE TABLE draaiboek_slots (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    day INTEGER NOT NULL,
    starts TEXT NOT NULL,
    ends TEXT NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX draaiboek_slots_h ON draaiboek_slots(hackathon_id, day, starts);
