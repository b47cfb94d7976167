-- Reference DVA security: PKCE (RFC 7636) is checked at the token endpoint,
-- so a code keeps the challenge of its authorization request; and traffic a
-- request did not authenticate keeps the client_id it named apart from
-- client_id (which is only set when the request proved to be that client).
ALTER TABLE sandbox_codes ADD COLUMN code_challenge TEXT NOT NULL DEFAULT '';
ALTER TABLE sandbox_traffic ADD COLUMN claimed_client_id TEXT NOT NULL DEFAULT '';
CREATE INDEX sandbox_traffic_claimed ON sandbox_traffic(claimed_client_id, id);
