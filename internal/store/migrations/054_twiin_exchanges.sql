-- The organisation sandbox's recorded exchanges (internal/orgsandbox):
-- every request ketentest's notification endpoint, resource server and
-- authorization server answered and every request ketentest made as
-- sender or receiver, with the mutual-TLS peer certificate's subject.
-- Paths have secret parameters masked; no token or key is kept. The
-- newest few thousand per hackathon are kept.
CREATE TABLE twiin_exchanges (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL,
    peer_subject TEXT NOT NULL,
    peer_ura TEXT NOT NULL,
    token_ura TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX twiin_exchanges_hackathon ON twiin_exchanges (hackathon_id, id);

-- The endpoints a participant registered for ketentest to call (its
-- notification endpoint, authorization server and FHIR base), so that
-- ketentest as receiver can pull from the sender it resolves by URA.
ALTER TABLE twiin_clients ADD COLUMN notification_url TEXT NOT NULL DEFAULT '';
ALTER TABLE twiin_clients ADD COLUMN token_url TEXT NOT NULL DEFAULT '';
ALTER TABLE twiin_clients ADD COLUMN fhir_url TEXT NOT NULL DEFAULT '';
