-- Findings (bevindingen): logged on the hackathon day, triaged, assigned to
-- an actor (an organisation) and followed up until solved and verified.

-- The next finding number per hackathon (PZP-1, PZP-2, ...).
CREATE TABLE finding_counters (
    hackathon_id BIGINT PRIMARY KEY REFERENCES hackathons(id) ON DELETE CASCADE,
    last_number INTEGER NOT NULL DEFAULT 0
);

-- Per-hackathon pick lists: labels/epics (2M) and triage category, theme and element (2N).
CREATE TABLE finding_options (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (hackathon_id, kind, value)
);

-- An actor is an organisation that follows up findings, with one responsible person.
CREATE TABLE finding_actors (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    responsible_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (hackathon_id, organisation_id)
);

CREATE TABLE findings (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    logged_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    reported_by TEXT NOT NULL DEFAULT '',
    chain_link TEXT NOT NULL DEFAULT 'overig',
    data_service TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'technisch',
    severity TEXT NOT NULL DEFAULT 'midden',
    status TEXT NOT NULL DEFAULT 'nieuw',
    category TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT '',
    element TEXT NOT NULL DEFAULT '',
    actor_org_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    visibility TEXT NOT NULL DEFAULT 'involved',
    due_date DATE,
    tracker_key TEXT NOT NULL DEFAULT '',
    tracker_url TEXT NOT NULL DEFAULT '',
    duplicate_of BIGINT REFERENCES findings(id) ON DELETE SET NULL,
    test_round_id BIGINT,
    scenario_step_id BIGINT,
    exchange_id BIGINT,
    root_cause TEXT NOT NULL DEFAULT '',
    root_chain_link TEXT NOT NULL DEFAULT '',
    root_evidence TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (hackathon_id, number),
    UNIQUE (hackathon_id, idempotency_key)
);
CREATE INDEX findings_status ON findings(hackathon_id, status);
CREATE INDEX findings_actor ON findings(actor_org_id);

-- The organisations involved in a finding.
CREATE TABLE finding_orgs (
    finding_id BIGINT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (finding_id, organisation_id)
);

CREATE TABLE finding_labels (
    finding_id BIGINT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    PRIMARY KEY (finding_id, label)
);

-- Comments and actor updates.
CREATE TABLE finding_comments (
    id ID_PK,
    finding_id BIGINT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX finding_comments_f ON finding_comments(finding_id);

-- Attachments live on disk; the row holds their metadata.
CREATE TABLE finding_attachments (
    id ID_PK,
    finding_id BIGINT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    stored_name TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX finding_attachments_f ON finding_attachments(finding_id);
