// Package account owns people's accounts on the platform: users and their
// argon2id password hashes (run through a gate that bounds how many run at
// once), login sessions stored in the database, personal API tokens, known
// devices, and login throttling per account and origin (address or known
// device) on the shared rate limiter (internal/ratelimit).
package account
