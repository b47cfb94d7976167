// Package account owns people's accounts on the platform: users and their
// argon2id password hashes, login sessions stored in the database, personal
// API tokens and login throttling per account and per address.
package account
