-- The test itself, continued (internal/testday): screenshots as evidence of
-- a result, the recorded sandbox exchanges an automated result rests on,
-- the dossier versions a scenario uses, the fixed final list of
-- participants (3B) and the snelcheck re-run before each extra day (7A).
CREATE TABLE testday_screenshots (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    result_id BIGINT NOT NULL REFERENCES testday_results(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BYTEA NOT NULL,
    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    uploaded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX testday_screenshots_r ON testday_screenshots(hackathon_id, result_id);

-- Comma-separated ids of sandbox_traffic rows (no foreign key: traffic is
-- pruned on its own schedule; a pruned id simply no longer resolves).
ALTER TABLE testday_results ADD COLUMN traffic_ids TEXT NOT NULL DEFAULT '';

CREATE TABLE testday_scenario_dossiers (
    scenario_id BIGINT NOT NULL REFERENCES testday_scenarios(id) ON DELETE CASCADE,
    version_id BIGINT NOT NULL REFERENCES dossier_versions(id) ON DELETE CASCADE,
    PRIMARY KEY (scenario_id, version_id)
);

CREATE TABLE testday_final_lists (
    hackathon_id BIGINT PRIMARY KEY REFERENCES hackathons(id) ON DELETE CASCADE,
    organisations INTEGER NOT NULL,
    fixed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    fixed_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE testday_day_runs (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    day_number INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    ran_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    ran_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hackathon_id, day_number)
);
