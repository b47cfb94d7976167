-- One row that /readyz rewrites to prove the database takes writes (a full
-- disk or a read-only file fails it while reads still work).
CREATE TABLE health_probe (
    id INTEGER PRIMARY KEY,
    checked_at TIMESTAMPTZ NOT NULL
);
INSERT INTO health_probe (id, checked_at) VALUES (1, CURRENT_TIMESTAMP);
