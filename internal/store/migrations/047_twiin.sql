-- Care provider to care provider sandbox (internal/orgsandbox): per
-- hackathon the TEST root CA and the TEST credential issuer key, and the
-- organisations registered with the hackathon's organisation
-- authorization server with their public keys. Private keys of
-- participants are never stored; the CA and issuer keys are test-only and
-- never leave this table except to sign.
CREATE TABLE twiin_hackathon_keys (
    hackathon_id BIGINT PRIMARY KEY REFERENCES hackathons(id) ON DELETE CASCADE,
    ca_cert TEXT NOT NULL,
    ca_key TEXT NOT NULL,
    issuer_key TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE twiin_clients (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    ura TEXT NOT NULL,
    name TEXT NOT NULL,
    did TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (hackathon_id, client_id),
    UNIQUE (hackathon_id, organisation_id),
    UNIQUE (hackathon_id, did)
);

-- Public keys only (JWK without "d"); origin 'ketentest-test' for a key
-- ketentest generated into a participant's download, 'participant' for
-- one the participant generated and registered.
CREATE TABLE twiin_client_keys (
    client_row_id BIGINT NOT NULL REFERENCES twiin_clients(id) ON DELETE CASCADE,
    kid TEXT NOT NULL,
    jwk TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (client_row_id, kid)
);
