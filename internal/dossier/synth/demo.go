package synth

import (
	"context"
	"fmt"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
)

// Demo dossier names; LoadDemo recognises them to stay idempotent.
const (
	DemoBgZName         = "BgZ synthetisch (ketentest)"
	DemoVaccinationName = "Vaccinaties synthetisch (ketentest)"
)

// LoadDemo stores the synthetic BgZ and vaccination dossiers in hackathon
// hid, each unless a dossier of that name is there already, and returns how
// many it created. It is safe to run on every start.
func LoadDemo(ctx context.Context, st *dossier.Store, hid, by int64) (int, error) {
	have, err := st.ListFor(ctx, hid)
	if err != nil {
		return 0, err
	}
	exists := map[string]bool{}
	for _, d := range have {
		exists[d.Name] = true
	}
	made := 0
	for _, d := range []struct {
		name, service, desc string
		v                   fhir.Version
		build               func() ([]*fhir.Resource, error)
	}{
		{DemoBgZName, "48", "Drie verzonnen patiënten met alle BgZ-onderdelen die de 28 MedMij-zoekvragen opvragen (zib2017, STU3).", fhir.STU3, BgZ},
		{DemoVaccinationName, "63", "Twee verzonnen patiënten met hun vaccinaties (zib2020, R4).", fhir.R4, Vaccinations},
	} {
		if exists[d.name] {
			continue
		}
		rs, err := d.build()
		if err != nil {
			return made, err
		}
		if _, err := st.CreateWith(ctx, dossier.New{HackathonID: hid, Name: d.name, Kind: dossier.KindHappyFlow,
			Description: d.desc, ServiceID: d.service, FHIRVersion: d.v}, dossier.Meta{Note: "synthetisch demodossier", Source: "ketentest", By: by}, rs); err != nil {
			return made, fmt.Errorf("demo dossier %s: %w", d.name, err)
		}
		made++
	}
	return made, nil
}
