// Package testday owns the test on the day as the blueprint prepares it in
// phases 2, 4 and 5: the snelcheck (2G, 5A, 5B; annex 3) — checklists per
// chain role drawn up from the blueprint's defaults, applied per
// participating organisation, with self-declarations, automated checks run
// through the SSRF guard of internal/pgoclient and manual verification — the
// go / no-go / "op eigen risico" decision per participant and the personal
// result message, and the test rounds with the pairing of PGOs and DVAs and
// the table layout (2S, 4A; annex 1 "groepsindeling" and "beschrijving
// testrondes"). Milestones that this work completes are marked done here,
// through the hackathon service, never by sending a generic mail.
package testday
