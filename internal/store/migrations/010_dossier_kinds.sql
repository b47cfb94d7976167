-- Test dossiers get a kind (happy flow, kwalificatie, bommendossier,
-- custom) and a description; versions record who imported them, from
-- which file, and how many resources they hold.
ALTER TABLE dossiers ADD COLUMN kind TEXT NOT NULL DEFAULT 'custom';
ALTER TABLE dossiers ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE dossier_versions ADD COLUMN created_by BIGINT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE dossier_versions ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE dossier_versions ADD COLUMN resource_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX dossiers_hackathon ON dossiers(hackathon_id);
UPDATE dossier_versions SET resource_count = (SELECT COUNT(*) FROM dossier_resources r WHERE r.version_id = dossier_versions.id);
