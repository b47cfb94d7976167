// Package hackathon owns the hackathon as the blueprint defines it: its
// facts (data services, variant, dates, location), its members and their
// roles, the 9 phases with milestones 1A–9F, the canvas and start note, the
// client's go/no-go and the project organisation.
package hackathon
