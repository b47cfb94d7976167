-- Runs of the TestScript engine (internal/testscript): a script set run by a
-- participant against a FHIR server, with the results (script → operation →
-- assert, each with the HTTP exchange behind it, bodies cut) as JSON.
CREATE TABLE testscript_runs (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    label TEXT NOT NULL DEFAULT '',
    base_url TEXT NOT NULL,
    script_set TEXT NOT NULL,
    scripts INTEGER NOT NULL DEFAULT 0,
    pass INTEGER NOT NULL DEFAULT 0,
    fail INTEGER NOT NULL DEFAULT 0,
    warning INTEGER NOT NULL DEFAULT 0,
    unsupported INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed_scripts INTEGER NOT NULL DEFAULT 0,
    duration_ms BIGINT NOT NULL DEFAULT 0,
    results TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX testscript_runs_hackathon ON testscript_runs(hackathon_id, created_by, id);
