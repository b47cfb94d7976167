-- A registration's link to its organisation must be approved before it gives
-- organisation-bound rights (the deelnemer role bound to the organisation).
-- Only the public form writes 'pending' (a self-registration that joined an
-- existing organisation); organiser-entered and imported registrations, and
-- all registrations from before this migration, are approved.
-- approval_basis says why: created (first registrant of a new organisation),
-- domain (same company mail domain), organiser (entered, imported or approved
-- by an organiser), '' while pending or rejected.
ALTER TABLE registrations ADD COLUMN org_approval TEXT NOT NULL DEFAULT 'approved';
ALTER TABLE registrations ADD COLUMN org_approval_basis TEXT NOT NULL DEFAULT 'organiser';
ALTER TABLE registrations ADD COLUMN org_approval_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX registrations_org_approval ON registrations(hackathon_id, org_approval);
