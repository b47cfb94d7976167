package sandbox

import (
	"context"
	"errors"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/dossier"
)

// The sandbox is shared by every hackathon, but each hackathon sees only
// its own test patients: a client of hackathon H is offered, and gets
// tokens for, only the patients of H's dossiers (a client and dossiers of
// no hackathon form a sandbox of their own). The URLs stay the same for
// every hackathon; the client_id decides the hackathon.

// MaxListedPatients bounds the test patients a page lists (the DVA's
// chooser, the participant page); a page says when it left some out.
const MaxListedPatients = 200

// Lengths at which shown patient fields are cut short (in runes).
const (
	maxShownName  = 120
	maxShownField = 40
)

// errOtherHackathon is a patient outside the client's hackathon.
var errOtherHackathon = errors.New("sandbox: the test patient is not in the client's hackathon")

// hackathonPatients lists the test patients of hackathon hid (0: of no
// hackathon) once each, in the order of the source.
func hackathonPatients(ctx context.Context, src dossier.Source, hid int64) ([]dossier.PatientInfo, error) {
	var all []dossier.PatientInfo
	if st, ok := src.(*dossier.Store); ok {
		// Only this hackathon's dossiers are loaded, not every one.
		list, err := st.ListFor(ctx, hid)
		if err != nil {
			return nil, err
		}
		for _, i := range list {
			if i.Version == 0 {
				continue
			}
			set, err := st.Version(ctx, i.ID, 0)
			if err != nil {
				return nil, err
			}
			ps, _ := set.Patients(ctx)
			all = append(all, ps...)
		}
	} else {
		var err error
		if all, err = src.Patients(ctx); err != nil {
			return nil, err
		}
	}
	seen := make(map[string]bool, len(all))
	out := all[:0:0]
	for _, p := range all {
		if p.HackathonID != hid || seen[p.Key] {
			continue
		}
		seen[p.Key] = true
		out = append(out, p)
	}
	return out, nil
}

// HackathonPatients lists the test patients of hackathon hid in src for a
// page: each once, at most MaxListedPatients, with the shown fields cut
// short; more reports whether some were left out.
func HackathonPatients(ctx context.Context, src dossier.Source, hid int64) (list []dossier.PatientInfo, more bool, err error) {
	all, err := hackathonPatients(ctx, src, hid)
	if err != nil {
		return nil, false, err
	}
	list, more = listed(all)
	return list, more, nil
}

// listed bounds a patient list for a page and cuts its shown fields short.
func listed(ps []dossier.PatientInfo) ([]dossier.PatientInfo, bool) {
	more := len(ps) > MaxListedPatients
	if more {
		ps = ps[:MaxListedPatients]
	}
	out := make([]dossier.PatientInfo, len(ps))
	for i, p := range ps {
		out[i] = shown(p)
	}
	return out, more
}

// shown cuts the display fields of a patient short (a dossier may carry
// names of any length); Key, the value a chooser posts, stays whole.
func shown(p dossier.PatientInfo) dossier.PatientInfo {
	p.Name = cutRunes(p.Name, maxShownName)
	p.BirthDate = cutRunes(p.BirthDate, maxShownField)
	p.Gender = cutRunes(p.Gender, maxShownField)
	p.ID = cutRunes(p.ID, maxShownField*2)
	p.Dossier = cutRunes(p.Dossier, maxShownName)
	return p
}

// cutRunes returns s cut to n runes, with "…" when it was longer.
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i, count := 0, 0
	for i < len(s) && count < n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	if i >= len(s) {
		return s
	}
	return s[:i] + "…"
}
