-- Evaluation of a test day (2L, 6A; annex 5): a questionnaire per day with
-- questions per role, personal links (only a hash of each token is kept),
-- one response per link; and the final report (9D): its editable texts,
-- versions with their status, review comments and the client's acceptance.
CREATE TABLE evaluations (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    day INTEGER NOT NULL,
    anonymous BOOLEAN NOT NULL DEFAULT TRUE,
    status TEXT NOT NULL DEFAULT 'open',
    summary TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    closed_at TIMESTAMPTZ,
    UNIQUE (hackathon_id, day)
);

CREATE TABLE evaluation_questions (
    id ID_PK,
    evaluation_id BIGINT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    position INTEGER NOT NULL,
    qkey TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    choices TEXT NOT NULL DEFAULT ''
);
CREATE INDEX evaluation_questions_e ON evaluation_questions(evaluation_id, role, position);

CREATE TABLE evaluation_invites (
    id ID_PK,
    evaluation_id BIGINT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    registration_id BIGINT REFERENCES registrations(id) ON DELETE SET NULL,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    sent_at TIMESTAMPTZ,
    reminded_at TIMESTAMPTZ,
    used_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX evaluation_invites_e ON evaluation_invites(evaluation_id);

CREATE TABLE evaluation_responses (
    id ID_PK,
    evaluation_id BIGINT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    respondent TEXT NOT NULL DEFAULT '',
    submitted_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX evaluation_responses_e ON evaluation_responses(evaluation_id);

CREATE TABLE evaluation_answers (
    response_id BIGINT NOT NULL REFERENCES evaluation_responses(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES evaluation_questions(id) ON DELETE CASCADE,
    scale INTEGER,
    text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, question_id)
);

CREATE TABLE report_texts (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    tkey TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hackathon_id, tkey)
);

CREATE TABLE report_versions (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    accepted_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    accepted_at TIMESTAMPTZ,
    UNIQUE (hackathon_id, version)
);

CREATE TABLE report_comments (
    id ID_PK,
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX report_comments_h ON report_comments(hackathon_id, version);
