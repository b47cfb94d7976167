-- Training of the project team (annex 6, 2N, 4F): links to recordings
-- and slides, training sessions and who of the project roles attended.
CREATE TABLE training_links (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    url TEXT NOT NULL
);
CREATE INDEX training_links_h ON training_links(hackathon_id);

CREATE TABLE training_sessions (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    topic TEXT NOT NULL
);
CREATE INDEX training_sessions_h ON training_sessions(hackathon_id, held_on);

CREATE TABLE training_attendance (
    session_id BIGINT NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (session_id, role)
);
