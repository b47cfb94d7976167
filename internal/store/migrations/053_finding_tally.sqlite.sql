-- Counts of each hackathon's findings by status, severity, chain link and
-- actor (0: none), kept by triggers, so the live board and the list read a
-- few rows instead of counting every finding (the count grew with the
-- hackathon: 7 ms at 50k findings). SQLite has one writer at a time, so
-- the triggers update the counts in place.
CREATE TABLE finding_tally (
    hackathon_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    severity TEXT NOT NULL,
    chain_link TEXT NOT NULL,
    actor_org_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (hackathon_id, status, severity, chain_link, actor_org_id)
);
INSERT INTO finding_tally (hackathon_id, status, severity, chain_link, actor_org_id, n)
    SELECT hackathon_id, status, severity, chain_link, COALESCE(actor_org_id, 0), COUNT(*) FROM findings
    GROUP BY hackathon_id, status, severity, chain_link, COALESCE(actor_org_id, 0);
CREATE TRIGGER finding_tally_insert AFTER INSERT ON findings BEGIN
    INSERT INTO finding_tally (hackathon_id, status, severity, chain_link, actor_org_id, n)
        VALUES (new.hackathon_id, new.status, new.severity, new.chain_link, COALESCE(new.actor_org_id, 0), 1)
        ON CONFLICT (hackathon_id, status, severity, chain_link, actor_org_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER finding_tally_delete AFTER DELETE ON findings BEGIN
    UPDATE finding_tally SET n = n - 1 WHERE hackathon_id = old.hackathon_id AND status = old.status AND severity = old.severity
        AND chain_link = old.chain_link AND actor_org_id = COALESCE(old.actor_org_id, 0);
END;
CREATE TRIGGER finding_tally_update AFTER UPDATE OF hackathon_id, status, severity, chain_link, actor_org_id ON findings
WHEN old.hackathon_id <> new.hackathon_id OR old.status <> new.status OR old.severity <> new.severity OR old.chain_link <> new.chain_link
    OR COALESCE(old.actor_org_id, 0) <> COALESCE(new.actor_org_id, 0)
BEGIN
    UPDATE finding_tally SET n = n - 1 WHERE hackathon_id = old.hackathon_id AND status = old.status AND severity = old.severity
        AND chain_link = old.chain_link AND actor_org_id = COALESCE(old.actor_org_id, 0);
    INSERT INTO finding_tally (hackathon_id, status, severity, chain_link, actor_org_id, n)
        VALUES (new.hackathon_id, new.status, new.severity, new.chain_link, COALESCE(new.actor_org_id, 0), 1)
        ON CONFLICT (hackathon_id, status, severity, chain_link, actor_org_id) DO UPDATE SET n = n + 1;
END;
-- Open findings with a resolution term: the board's overdue count reads
-- only those past their term.
CREATE INDEX findings_overdue ON findings(hackathon_id, due_date)
    WHERE due_date IS NOT NULL AND status NOT IN ('opgelost', 'geverifieerd', 'niet_oplossen', 'duplicaat');
