-- The reference PGO: how a run authenticates at the token endpoint (the
-- secret itself is never stored), and findings logged from a reference PGO
-- exchange.
ALTER TABLE pgo_runs ADD COLUMN auth_method TEXT NOT NULL DEFAULT 'none';
-- When the DVA's answer came and the token and searches began (a run left
-- running long after that was cut off by a restart).
ALTER TABLE pgo_runs ADD COLUMN started_at TIMESTAMPTZ;
ALTER TABLE findings ADD COLUMN pgo_exchange_id BIGINT;
