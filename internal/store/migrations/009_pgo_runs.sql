-- The reference PGO client's runs and every HTTP exchange of a run as
-- evidence; bodies of the reference DVA's recorded traffic; who registered a
-- sandbox client (self-service registration).
CREATE TABLE pgo_runs (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    target TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    service_id TEXT NOT NULL,
    authorize_url TEXT NOT NULL,
    token_url TEXT NOT NULL,
    fhir_base TEXT NOT NULL,
    client_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL,
    state_hash TEXT NOT NULL UNIQUE,
    binding_hash TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    searches INTEGER NOT NULL DEFAULT 0,
    failed_checks INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);
CREATE INDEX pgo_runs_hackathon ON pgo_runs(hackathon_id, id);

CREATE TABLE pgo_exchanges (
    id ID_PK,
    run_id BIGINT NOT NULL REFERENCES pgo_runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    step TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    at TIMESTAMPTZ NOT NULL,
    method TEXT NOT NULL,
    url TEXT NOT NULL,
    request_headers TEXT NOT NULL DEFAULT '',
    request_body TEXT NOT NULL DEFAULT '',
    status INTEGER NOT NULL DEFAULT 0,
    response_headers TEXT NOT NULL DEFAULT '',
    response_body TEXT NOT NULL DEFAULT '',
    response_size BIGINT NOT NULL DEFAULT 0,
    truncated BOOLEAN NOT NULL DEFAULT FALSE,
    duration_us BIGINT NOT NULL DEFAULT 0,
    tls_version TEXT NOT NULL DEFAULT '',
    tls_cipher TEXT NOT NULL DEFAULT '',
    tls_peer TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    checks TEXT NOT NULL DEFAULT '',
    UNIQUE (run_id, seq)
);

-- Bodies of the reference DVA's traffic, stored once per content (most
-- answers repeat exactly), referenced by their SHA-256 from each exchange.
CREATE TABLE sandbox_bodies (
    hash TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
ALTER TABLE sandbox_traffic ADD COLUMN request_body_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE sandbox_traffic ADD COLUMN response_body_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE sandbox_traffic ADD COLUMN body_truncated BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX sandbox_traffic_status ON sandbox_traffic(status, id);

ALTER TABLE sandbox_clients ADD COLUMN registered_by BIGINT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE sandbox_clients ADD COLUMN organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL;
