-- Participants and communication: organisations in the chain, public
-- registration with double opt-in and a waiting list, a durable job queue
-- and the mail outbox it drains.
ALTER TABLE organisations ADD COLUMN product TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN product_version TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN issue_contact TEXT NOT NULL DEFAULT '';

-- Whether a hackathon's public registration form is open, and its privacy statement.
CREATE TABLE registration_settings (
    hackathon_id BIGINT PRIMARY KEY REFERENCES hackathons(id) ON DELETE CASCADE,
    is_open BOOLEAN NOT NULL DEFAULT FALSE,
    privacy_text TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL
);

-- Places per chain role; no row means no limit.
CREATE TABLE registration_capacity (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    chain_role TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    PRIMARY KEY (hackathon_id, chain_role)
);

-- One person's registration; only hashes of the confirm and cancel tokens are stored.
CREATE TABLE registrations (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    organisation_id BIGINT REFERENCES organisations(id),
    chain_role TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    job_title TEXT NOT NULL DEFAULT '',
    dietary TEXT NOT NULL DEFAULT '',
    attend_kickoff BOOLEAN NOT NULL DEFAULT FALSE,
    attend_days TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'nl',
    status TEXT NOT NULL,
    confirm_token_hash TEXT UNIQUE,
    cancel_token_hash TEXT NOT NULL UNIQUE,
    consent_at TIMESTAMPTZ NOT NULL,
    confirmed_at TIMESTAMPTZ,
    cancelled_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (hackathon_id, email)
);
CREATE INDEX registrations_status ON registrations(hackathon_id, chain_role, status);

-- Submissions of the public form per client address, for the rate limit.
CREATE TABLE registration_attempts (
    key TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    window_start TIMESTAMPTZ NOT NULL
);

-- The durable job queue: workers claim due rows, locks expire so a crashed
-- worker's job is claimed again, failures are retried with backoff.
CREATE TABLE jobs (
    id ID_PK,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    run_at TIMESTAMPTZ NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 10,
    status TEXT NOT NULL DEFAULT 'queued',
    last_error TEXT NOT NULL DEFAULT '',
    locked_until TIMESTAMPTZ,
    locked_by TEXT NOT NULL DEFAULT '',
    dedupe_key TEXT UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX jobs_due ON jobs(status, run_at);

-- One row per recipient message; the Message-ID is fixed when queued, so a
-- message sent again after a crash carries the same Message-ID.
CREATE TABLE outbox (
    id ID_PK,
    hackathon_id BIGINT REFERENCES hackathons(id) ON DELETE CASCADE,
    message_id TEXT NOT NULL UNIQUE,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    ics TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    sent_at TIMESTAMPTZ
);
CREATE INDEX outbox_h ON outbox(hackathon_id, status);

-- Relationship management: each organisation's commitment to a hackathon,
-- and the log of contacts with it, with the next action and its date.
CREATE TABLE org_commitments (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'benaderd',
    compensation TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hackathon_id, organisation_id)
);

CREATE TABLE contact_log (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    contacted_on DATE NOT NULL,
    channel TEXT NOT NULL,
    summary TEXT NOT NULL,
    next_action TEXT NOT NULL DEFAULT '',
    next_action_due DATE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX contact_log_org ON contact_log(hackathon_id, organisation_id);
