-- Full-text search of findings (PostgreSQL): GIN indexes over the Dutch
-- text-search vectors of each finding's title and description and of each
-- comment. Queries use exactly these expressions, so the indexes serve them.
CREATE INDEX findings_search ON findings USING GIN (to_tsvector('dutch', title || ' ' || description));
CREATE INDEX finding_comments_search ON finding_comments USING GIN (to_tsvector('dutch', body));
