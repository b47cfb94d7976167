-- Event logistics (2R, 2S, 2T, 4H): the venue, its rooms and the local
-- infrastructure checklist with owner and status.
CREATE TABLE venues (
    hackathon_id BIGINT PRIMARY KEY REFERENCES hackathons(id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    wifi_capacity INTEGER NOT NULL DEFAULT 0,
    parking TEXT NOT NULL DEFAULT '',
    route TEXT NOT NULL DEFAULT ''
);

CREATE TABLE venue_rooms (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    capacity INTEGER NOT NULL
);
CREATE INDEX venue_rooms_h ON venue_rooms(hackathon_id);

CREATE TABLE venue_items (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open',
    PRIMARY KEY (hackathon_id, item)
);
