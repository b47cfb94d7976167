-- The reference PGO: how a run authenticates at the token endpoint (the
-- secret itself is never stored), and findings logged from a reference PGO
-- exchange.
ALTER TABLE pgo_runs ADD COLUMN auth_method TEXT NOT NULL DEFAULT 'none';
ALTER TABLE findings ADD COLUMN pgo_exchange_id BIGINT;
