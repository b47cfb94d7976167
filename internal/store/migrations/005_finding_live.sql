-- Live board, notifications and saved filters of the finding capability.

-- Changes of findings as the live board receives them (PostgreSQL): the id
-- is the SSE event id shared by every instance, so a viewer reconnecting to
-- another instance resumes with Last-Event-ID. Rows older than two days are
-- pruned. SQLite (one instance) numbers its events in memory instead.
CREATE TABLE finding_events (
    id ID_PK,
    hackathon_id BIGINT NOT NULL,
    finding_id BIGINT NOT NULL,
    change TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX finding_events_created ON finding_events(created_at);

-- Explicit watch (watching = TRUE) or unwatch (FALSE) of a finding; without a
-- row the watchers follow from the finding (logger, reporter, commenters, actor).
CREATE TABLE finding_watchers (
    finding_id BIGINT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    watching BOOLEAN NOT NULL,
    PRIMARY KEY (finding_id, user_id)
);

-- In-app notifications (Meldingen) to assignees and watchers.
CREATE TABLE finding_notifications (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    finding_id BIGINT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    by_user BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    read_at TIMESTAMPTZ
);
CREATE INDEX finding_notifications_user ON finding_notifications(user_id, hackathon_id, read_at);

-- Per user and hackathon: e-mail for notifications switched off.
CREATE TABLE finding_notify_prefs (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email_off BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (hackathon_id, user_id)
);

-- Saved filters of the findings list, per user per hackathon.
CREATE TABLE finding_saved_filters (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (hackathon_id, user_id, name)
);
