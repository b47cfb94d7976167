-- Test dossiers (versioned sets of FHIR resources per test patient) and the
-- reference DVA of the sandbox: OAuth clients, codes, tokens and traffic.
CREATE TABLE dossiers (
    id ID_PK,
    hackathon_id BIGINT REFERENCES hackathons(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    service_id TEXT NOT NULL DEFAULT '',
    fhir_version TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE dossier_versions (
    id ID_PK,
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (dossier_id, version)
);

CREATE TABLE dossier_resources (
    id ID_PK,
    version_id BIGINT NOT NULL REFERENCES dossier_versions(id) ON DELETE CASCADE,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    patient_ref TEXT NOT NULL DEFAULT '',
    fhir_version TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (version_id, resource_type, resource_id)
);
CREATE INDEX dossier_resources_patient ON dossier_resources(version_id, patient_ref);

CREATE TABLE sandbox_clients (
    id ID_PK,
    client_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    redirect_uris TEXT NOT NULL,
    hackathon_id BIGINT REFERENCES hackathons(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE sandbox_codes (
    code_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    patient_key TEXT NOT NULL,
    scope TEXT NOT NULL,
    correlation_id TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);

CREATE TABLE sandbox_tokens (
    id ID_PK,
    token_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    client_id TEXT NOT NULL,
    patient_key TEXT NOT NULL,
    scope TEXT NOT NULL,
    code_hash TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX sandbox_tokens_code ON sandbox_tokens(code_hash);
CREATE INDEX sandbox_tokens_client ON sandbox_tokens(client_id);

CREATE TABLE sandbox_traffic (
    id ID_PK,
    at TIMESTAMPTZ NOT NULL,
    client_id TEXT NOT NULL DEFAULT '',
    token_id BIGINT,
    patient_key TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL,
    duration_us BIGINT NOT NULL,
    request_id TEXT NOT NULL DEFAULT '',
    correlation_id TEXT NOT NULL DEFAULT '',
    request_headers TEXT NOT NULL DEFAULT '',
    response_headers TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sandbox_traffic_client ON sandbox_traffic(client_id, id);
