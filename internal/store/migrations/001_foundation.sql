-- Accounts, sessions, tokens and login throttling.
CREATE TABLE users (
    id ID_PK,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    can_create_hackathon BOOLEAN NOT NULL DEFAULT FALSE,
    language TEXT NOT NULL DEFAULT 'nl',
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id ID_PK,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);

CREATE TABLE login_attempts (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start TIMESTAMPTZ NOT NULL
);

-- Organisations take part in hackathons; the participants capability extends them.
CREATE TABLE organisations (
    id ID_PK,
    name TEXT NOT NULL UNIQUE,
    chain_role TEXT NOT NULL DEFAULT 'overig',
    created_at TIMESTAMPTZ NOT NULL
);

-- The hackathon and what hangs directly off it.
CREATE TABLE hackathons (
    id ID_PK,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    variant TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    kickoff_date DATE,
    financier TEXT NOT NULL DEFAULT '',
    client_org TEXT NOT NULL DEFAULT '',
    contractor_org TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE hackathon_services (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    service_id TEXT NOT NULL,
    name TEXT NOT NULL,
    standard TEXT NOT NULL DEFAULT '',
    fhir_version TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX hackathon_services_h ON hackathon_services(hackathon_id);

CREATE TABLE hackathon_days (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    day_number INTEGER NOT NULL,
    day_date DATE NOT NULL,
    PRIMARY KEY (hackathon_id, day_number)
);

CREATE TABLE hackathon_members (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    organisation_id BIGINT REFERENCES organisations(id),
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (hackathon_id, user_id, role)
);
CREATE INDEX hackathon_members_user ON hackathon_members(user_id);

-- Staffing of the project roles (project organisation, blueprint).
CREATE TABLE project_roles (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    person TEXT NOT NULL DEFAULT '',
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    organisation TEXT NOT NULL DEFAULT '',
    hours_per_week TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (hackathon_id, role)
);

CREATE TABLE milestones (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    phase INTEGER NOT NULL,
    iteration INTEGER NOT NULL DEFAULT 1,
    responsible_role TEXT NOT NULL DEFAULT '',
    owner_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    due_date DATE,
    status TEXT NOT NULL DEFAULT 'open',
    note TEXT NOT NULL DEFAULT '',
    evidence_url TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (hackathon_id, code, iteration)
);
CREATE INDEX milestones_owner ON milestones(owner_id);

CREATE TABLE canvas_fields (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    field_key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hackathon_id, field_key)
);

CREATE TABLE decisions (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_on DATE NOT NULL,
    decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX decisions_h ON decisions(hackathon_id);

-- One audit trail for every capability: who changed what, when, from -> to.
CREATE TABLE audit_log (
    id ID_PK,
    hackathon_id BIGINT REFERENCES hackathons(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    at TIMESTAMPTZ NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    from_value TEXT NOT NULL DEFAULT '',
    to_value TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_h ON audit_log(hackathon_id);
