-- Usable secrets of queued mail (set-password links): the outbox row holds a
-- placeholder, the secret is here until the message is sent, then deleted.
CREATE TABLE outbox_secrets (
    outbox_id BIGINT NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    placeholder TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (outbox_id, placeholder)
);
