-- SQLite's full-text index (finding_search, FTS5) already stores its
-- tokens; only PostgreSQL needed stored search vectors (see the .postgres.sql).
SELECT 1;
