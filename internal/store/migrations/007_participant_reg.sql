-- Organisations and people, organiser questions on the registration form,
-- and accounts for confirmed registrations with a one-time set-password link.

-- An organisation may have more than one role in the chain; organisations.chain_role
-- stays its main role (registration capacity is counted on the registration's role).
CREATE TABLE organisation_chain_roles (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    chain_role TEXT NOT NULL,
    PRIMARY KEY (organisation_id, chain_role)
);

-- People of an organisation are its registrations for a hackathon; a person
-- can be a contact person, and one per organisation follows up issues.
ALTER TABLE registrations ADD COLUMN is_contact BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE registrations ADD COLUMN is_issue_owner BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE registrations ADD COLUMN phone TEXT NOT NULL DEFAULT '';

-- Questions the organisers add to a hackathon's registration form.
CREATE TABLE registration_questions (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    label TEXT NOT NULL,
    help TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '',
    required BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX registration_questions_h ON registration_questions(hackathon_id, position);

CREATE TABLE registration_answers (
    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES registration_questions(id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (registration_id, question_id)
);

-- The account made for a registration (4E); one row per registration makes
-- the "create accounts" action idempotent.
CREATE TABLE registration_accounts (
    registration_id BIGINT PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_account BOOLEAN NOT NULL,
    invited_at TIMESTAMPTZ NOT NULL
);

-- One-time links to set a password; only the hash of the token is stored.
CREATE TABLE password_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);
CREATE INDEX password_tokens_user ON password_tokens(user_id);
