-- A template's version grows when what it says changes (subject, body,
-- format, link, language); each send records the template and version it
-- sent, so a second send of the same version to an audience skips who
-- already had it unless the sender asks for a resend.
ALTER TABLE comm_templates ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE comm_sends ADD COLUMN template_id BIGINT;
ALTER TABLE comm_sends ADD COLUMN template_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX comm_sends_template ON comm_sends(template_id, template_version);
