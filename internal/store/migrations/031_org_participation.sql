-- What an organisation brings to one hackathon: its product, version and
-- the person who follows up findings there. The organisation's name and
-- chain roles stay platform-wide (organisations); these are per hackathon,
-- so an organiser of one hackathon cannot change them for the others.
CREATE TABLE org_participation (
    hackathon_id BIGINT NOT NULL REFERENCES hackathons(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    product TEXT NOT NULL DEFAULT '',
    product_version TEXT NOT NULL DEFAULT '',
    issue_contact TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (hackathon_id, organisation_id)
);
INSERT INTO org_participation (hackathon_id, organisation_id, product, product_version, issue_contact)
    SELECT c.hackathon_id, c.organisation_id, o.product, o.product_version, o.issue_contact
    FROM org_commitments c JOIN organisations o ON o.id = c.organisation_id
    WHERE o.product <> '' OR o.product_version <> '' OR o.issue_contact <> '';
