package orgsandbox

import (
	"context"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
)

// maxSourcePatients bounds how many test patients one hackathon's FHIR
// server indexes by BSN.
const maxSourcePatients = 500

// DossierSource serves, per hackathon, the STU3 test patients of src (the
// dossier store) that carry a BSN (http://fhir.nl/fhir/NamingSystem/bsn),
// keyed by it.
func DossierSource(src dossier.Source) func(ctx context.Context, hid int64) (dossier.Source, map[string]string, error) {
	return func(ctx context.Context, hid int64) (dossier.Source, map[string]string, error) {
		ps, err := src.Patients(ctx)
		if err != nil {
			return nil, nil, err
		}
		byBSN := map[string]string{}
		for _, p := range ps {
			if p.HackathonID != hid || (p.FHIRVersion != fhir.Unknown && p.FHIRVersion != fhir.STU3) || len(byBSN) >= maxSourcePatients {
				continue
			}
			d, err := src.Dossier(ctx, p.Key)
			if err != nil || d.FHIRVersion != fhir.STU3 {
				continue
			}
			pr := d.PatientResource()
			if pr == nil {
				continue
			}
			for _, id := range pr.Get("identifier") {
				if id.String("system") == "http://fhir.nl/fhir/NamingSystem/bsn" {
					if v := id.String("value"); v != "" {
						byBSN[v] = p.Key
					}
				}
			}
		}
		return src, byBSN, nil
	}
}
