-- Communication (annex 4): the communication plan, the communication
-- calendar, message templates with merge fields, the sends of a planned
-- message (one per recipient, never twice) and news items (6C, 9F).

-- The HTML alternative of a message (sanitised when queued).
ALTER TABLE outbox ADD COLUMN html TEXT NOT NULL DEFAULT '';

-- The communication plan: one answer per section of annex 4.
CREATE TABLE comm_plan_sections (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    section_key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hackathon_id, section_key)
);

-- Message templates per hackathon, for a blueprint moment (or none) in one language.
CREATE TABLE comm_templates (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    moment TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'nl',
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    format TEXT NOT NULL DEFAULT 'markdown',
    link TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (hackathon_id, name)
);

-- The communication calendar: planned messages.
CREATE TABLE comm_calendar (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    moment TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    planned_on DATE NOT NULL,
    channel TEXT NOT NULL,
    audience_roles TEXT NOT NULL DEFAULT '',
    audience_statuses TEXT NOT NULL DEFAULT '',
    audience_commitments TEXT NOT NULL DEFAULT '',
    owner_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'concept',
    template_id BIGINT REFERENCES comm_templates(id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    auto_dated BOOLEAN NOT NULL DEFAULT FALSE, -- dated by the blueprint; follows the hackathon's dates until edited
    sent_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX comm_calendar_h ON comm_calendar(hackathon_id, planned_on);

-- One row per recipient of a planned message: the idempotency of sending.
CREATE TABLE comm_sends (
    id ID_PK,
    calendar_id BIGINT NOT NULL REFERENCES comm_calendar(id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    outbox_id BIGINT REFERENCES outbox(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (calendar_id, recipient)
);

-- News items: look back and next steps (6C), closing news item (9F).
CREATE TABLE news_items (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    milestone TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'concept',
    published_on DATE,
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX news_items_h ON news_items(hackathon_id);
