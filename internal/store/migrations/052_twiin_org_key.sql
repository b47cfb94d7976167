-- The TEST signing key of ketentest's own organisation in a hackathon's
-- organisation sandbox (internal/orgsandbox): it signs ketentest's client
-- assertions when ketentest sends a notification to a participant; the
-- public half is published at /h/{code}/twiin/jwks.json. Empty until first use.
ALTER TABLE twiin_hackathon_keys ADD COLUMN org_key TEXT NOT NULL DEFAULT '';
