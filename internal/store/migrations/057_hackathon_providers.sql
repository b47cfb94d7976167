-- The care providers of a hackathon's sandbox (internal/sandbox Provider):
-- each its own DVA at {sandbox base}/{path} with its own ZAL entry, serving
-- the test patients of one dossier. The sandbox reads them when it starts.
CREATE TABLE hackathon_providers (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    path TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE
);
CREATE INDEX hackathon_providers_hackathon ON hackathon_providers (hackathon_id, id);
