-- Test scenarios (2J, 4D) with ordered steps, and the results matrix: a
-- result per pair (round) × scenario step, with evidence and review.
CREATE TABLE testday_scenarios (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    service TEXT NOT NULL,
    variant TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    dossiers TEXT NOT NULL DEFAULT '',
    patients TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'concept',
    reviewers TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    previous_id BIGINT REFERENCES testday_scenarios(id) ON DELETE SET NULL,
    shared_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX testday_scenarios_h ON testday_scenarios(hackathon_id, id);

CREATE TABLE testday_steps (
    id ID_PK,
    scenario_id BIGINT NOT NULL REFERENCES testday_scenarios(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    acting_role TEXT NOT NULL,
    action TEXT NOT NULL,
    expected TEXT NOT NULL,
    check_kind TEXT NOT NULL DEFAULT 'manual'
);
CREATE INDEX testday_steps_s ON testday_steps(scenario_id, position);

CREATE TABLE testday_results (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    pair_id BIGINT NOT NULL REFERENCES testday_pairs(id) ON DELETE CASCADE,
    step_id BIGINT NOT NULL REFERENCES testday_steps(id) ON DELETE CASCADE,
    outcome TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    evidence_url TEXT NOT NULL DEFAULT '',
    pgo_run_id BIGINT REFERENCES pgo_runs(id) ON DELETE SET NULL,
    finding_id BIGINT REFERENCES findings(id) ON DELETE SET NULL,
    source TEXT NOT NULL DEFAULT 'manual',
    recorded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    review TEXT NOT NULL DEFAULT '',
    reviewed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    reviewed_at TIMESTAMPTZ,
    UNIQUE (pair_id, step_id)
);
CREATE INDEX testday_results_h ON testday_results(hackathon_id, pair_id);
