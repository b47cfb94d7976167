-- Full-text search of findings (SQLite): an FTS5 index of each finding's
-- title, description and comments (rowid = the finding's id), kept by
-- triggers. unicode61 with remove_diacritics folds case and accents
-- (café = cafe), as Dutch text needs.
CREATE VIRTUAL TABLE finding_search USING fts5(title, description, comments, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO finding_search (rowid, title, description, comments)
    SELECT f.id, f.title, f.description, COALESCE((SELECT group_concat(c.body, ' ') FROM finding_comments c WHERE c.finding_id = f.id), '')
    FROM findings f;
CREATE TRIGGER finding_search_insert AFTER INSERT ON findings BEGIN
    INSERT INTO finding_search (rowid, title, description, comments) VALUES (new.id, new.title, new.description, '');
END;
CREATE TRIGGER finding_search_update AFTER UPDATE OF title, description ON findings BEGIN
    UPDATE finding_search SET title = new.title, description = new.description WHERE rowid = new.id;
END;
CREATE TRIGGER finding_search_delete AFTER DELETE ON findings BEGIN
    DELETE FROM finding_search WHERE rowid = old.id;
END;
CREATE TRIGGER finding_search_comment AFTER INSERT ON finding_comments BEGIN
    UPDATE finding_search SET comments = comments || ' ' || new.body WHERE rowid = new.finding_id;
END;
