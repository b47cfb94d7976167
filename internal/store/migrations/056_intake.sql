-- Intake (issue 15, item 1): hackathon requests from parties and the core
-- team's decision, and the participant intake per organisation.
CREATE TABLE hackathon_requests (
    id ID_PK,
    requester_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    organisation TEXT NOT NULL,
    contact TEXT NOT NULL,
    data_service TEXT NOT NULL,
    goal TEXT NOT NULL,
    reason TEXT NOT NULL,
    period TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new',
    response TEXT NOT NULL DEFAULT '',
    hackathon_id BIGINT REFERENCES hackathons(id) ON DELETE SET NULL,
    decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    decided_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX hackathon_requests_status ON hackathon_requests(status, id);

CREATE TABLE participant_intakes (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    contact TEXT NOT NULL,
    followup_owner TEXT NOT NULL,
    product TEXT NOT NULL,
    product_version TEXT NOT NULL DEFAULT '',
    data_service TEXT NOT NULL,
    fhir_version TEXT NOT NULL DEFAULT '',
    endpoints TEXT NOT NULL DEFAULT '',
    readiness INTEGER NOT NULL,
    questions TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hackathon_id, organisation_id)
);
