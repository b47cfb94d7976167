// Package training owns the training of the project team (annex 6, 2N,
// 4F): the logging and triage manual generated from the hackathon's
// finding configuration, the links to recordings and slides, the training
// sessions with attendance per project role, and marking 4F done once
// every project role attended at least one session.
package training
