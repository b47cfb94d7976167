-- The test itself (internal/testday): the snelcheck checklists per chain
-- role (2G, annex 3), their application per participating organisation,
-- the go/no-go per participant and the personal result notices (5A, 5B),
-- and the test rounds with their pairs and tables (2S, 4A, annex 1).
CREATE TABLE testday_checklists (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    chain_role TEXT NOT NULL,
    faq TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (hackathon_id, chain_role)
);

CREATE TABLE testday_items (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    checklist_id BIGINT NOT NULL REFERENCES testday_checklists(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    auto_check TEXT NOT NULL DEFAULT '',
    deadline DATE
);
CREATE INDEX testday_items_list ON testday_items(checklist_id, position);

-- An organisation the snelcheck was applied to, with what the automated
-- checks and the pairing need: its endpoint, data services and FHIR version,
-- and for a care provider the DVA it exchanges through.
CREATE TABLE testday_participants (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    chain_role TEXT NOT NULL,
    endpoint TEXT NOT NULL DEFAULT '',
    services TEXT NOT NULL DEFAULT '',
    dva_org_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    applied_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hackathon_id, organisation_id)
);

CREATE TABLE testday_checks (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    item_id BIGINT NOT NULL REFERENCES testday_items(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'open',
    evidence_url TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL DEFAULT '',
    file_type TEXT NOT NULL DEFAULT '',
    file_data BYTEA,
    claimed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    claimed_at TIMESTAMPTZ,
    verified_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    verified_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (organisation_id, item_id)
);
CREATE INDEX testday_checks_h ON testday_checks(hackathon_id, organisation_id);

CREATE TABLE testday_decisions (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    decided_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hackathon_id, organisation_id)
);

-- Each personal result message: to whom, about which outcome.
CREATE TABLE testday_notices (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    outcome TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    sent_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    sent_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX testday_notices_org ON testday_notices(hackathon_id, organisation_id);

CREATE TABLE testday_rounds (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    day_number INTEGER NOT NULL,
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    label TEXT NOT NULL DEFAULT ''
);
CREATE INDEX testday_rounds_h ON testday_rounds(hackathon_id, day_number, starts_at);

CREATE TABLE testday_pairs (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    round_id BIGINT NOT NULL REFERENCES testday_rounds(id) ON DELETE CASCADE,
    pgo_org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    dva_org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    service TEXT NOT NULL,
    table_no INTEGER NOT NULL DEFAULT 0,
    UNIQUE (round_id, pgo_org_id),
    UNIQUE (round_id, dva_org_id)
);

-- Published layout (2S/4A): tables with seats, power and a logging-team member.
CREATE TABLE testday_tables (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    table_no INTEGER NOT NULL,
    seats INTEGER NOT NULL,
    power BOOLEAN NOT NULL DEFAULT TRUE,
    logger_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (hackathon_id, table_no)
);
