-- One table for every rate limit (login throttling, the public registration
-- form): a counter per key in a window, and the time of the last allowed hit
-- for the backoff once the counter is over its limit. It replaces the two
-- near-identical tables before it.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    hits INTEGER NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    last_hit TIMESTAMPTZ NOT NULL
);
DROP TABLE login_attempts;
DROP TABLE registration_attempts;
