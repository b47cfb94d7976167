-- Counts of a hackathon's findings (lists, live board, overview) group by
-- these columns; the index covers that query, so it reads no table rows.
CREATE INDEX findings_tally ON findings(hackathon_id, status, severity, chain_link, actor_org_id, due_date);
