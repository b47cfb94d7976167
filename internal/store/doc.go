// Package store owns the database: opening embedded SQLite or PostgreSQL,
// the versioned migrations shared by both, and the small helpers (rebinding
// placeholders, transactions) that the capability packages build on.
//
// SQL in this project is written once, with '?' placeholders and a portable
// subset of SQL; Rebind turns it into PostgreSQL's $n form.
package store
