package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
)

// The demo's two hospitals: each a care provider of the sandbox with a DVA
// of its own at {sandbox}/{path}, as in the blueprint's example scenario of
// one PGO retrieving the BgZ from two hospitals with overlapping data.
var demoHospitals = []struct{ path, title string }{
	{"ziekenhuis-noord", "Ziekenhuis Noord"},
	{"ziekenhuis-zuid", "Ziekenhuis Zuid"},
}

// loadProviders declares the two hospitals for the demo hackathon, each
// serving a copy of the demo's first BgZ dossier in which the resources of
// one test patient are split with two in common: that patient has
// overlapping data at both. It adds only what is missing.
func loadProviders(ctx context.Context, db *store.DB, hid int64) error {
	have, err := sandbox.HackathonProviders(ctx, db, hid)
	if err != nil || len(have) > 0 {
		return err
	}
	st := dossier.NewStore(db)
	list, err := st.ListFor(ctx, hid)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(list, func(d dossier.Info) bool { return d.ServiceID == "48" && d.Version > 0 })
	if i < 0 {
		return errors.New("no BgZ dossier to copy")
	}
	src := list[i]
	set, err := st.Version(ctx, src.ID, 0)
	if err != nil {
		return err
	}
	patients, _ := set.Patients(ctx)
	if len(patients) == 0 {
		return errors.New("the BgZ dossier has no patient")
	}
	// The patient with the most resources of their own (conditions,
	// allergies, medication, ...), so each hospital has some of its own.
	var shared dossier.PatientInfo
	var own []string // "Type/id"
	for _, p := range patients {
		var mine []string
		for _, r := range set.Resources {
			if r.Type() != "Patient" && slices.Contains(dossier.PatientRefs(r), p.ID) {
				mine = append(mine, r.Type()+"/"+r.ID())
			}
		}
		if len(mine) > len(own) {
			shared, own = p, mine
		}
	}
	if len(own) < 3 {
		return fmt.Errorf("no patient has 3 resources to split with an overlap (at most %d)", len(own))
	}
	half := len(own) / 2
	keep := [][]string{own[:half+1], own[half-1:]} // own[half-1] and own[half] at both
	for n, h := range demoHospitals {
		var rs []*fhir.Resource
		for _, r := range set.Resources {
			if ref := r.Type() + "/" + r.ID(); !slices.Contains(own, ref) || slices.Contains(keep[n], ref) {
				rs = append(rs, r)
			}
		}
		id, err := st.CreateWith(ctx, dossier.New{HackathonID: hid, Name: h.title, Kind: dossier.KindHappyFlow,
			Description: "BgZ zoals " + h.title + " die levert; overlapt met het andere ziekenhuis voor " + shared.Name + ".",
			ServiceID:   "48", FHIRVersion: src.FHIRVersion}, dossier.Meta{Note: "demo", Source: "demo"}, rs)
		if err != nil {
			return fmt.Errorf("%s: %w", h.title, err)
		}
		if _, err := sandbox.AddHackathonProvider(ctx, db, sandbox.HackathonProvider{HackathonID: hid, Path: h.path, Name: h.path, DossierID: id}); err != nil {
			return fmt.Errorf("%s: %w", h.title, err)
		}
	}
	return nil
}
