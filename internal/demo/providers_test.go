package demo_test

import (
	"context"
	"io"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/demo"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestDemoTwoHospitals: the demo hackathon declares two hospitals, each
// its own DVA on the sandbox's ZAL; one test patient has data at both,
// some in common and some at one hospital only. A second load adds none.
func TestDemoTwoHospitals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for range 2 {
			if _, err := demo.Load(ctx, db, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		var hid int64
		if err := db.QueryRow(ctx, "SELECT id FROM hackathons WHERE code = ?", demo.Code).Scan(&hid); err != nil {
			t.Fatal(err)
		}
		declared, err := sandbox.HackathonProviders(ctx, db, hid)
		if err != nil || len(declared) != 2 || declared[0].DossierName != "Ziekenhuis Noord" || declared[1].DossierName != "Ziekenhuis Zuid" {
			t.Fatalf("declared providers: %+v %v", declared, err)
		}
		providers, err := sandbox.LoadProviders(ctx, db, dossier.NewStore(db))
		if err != nil || len(providers) != 2 {
			t.Fatalf("LoadProviders: %v %v", providers, err)
		}
		svc, _ := sandbox.LookupService("48")
		resources := func(src dossier.Source) map[string][]string { // patient id → "Type/id" of their BgZ resources
			ps, err := src.Patients(ctx)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string][]string{}
			for _, p := range ps {
				if p.HackathonID != hid {
					t.Errorf("patient %s of hackathon %d", p.Key, p.HackathonID)
				}
				d, err := src.Dossier(ctx, p.Key)
				if err != nil {
					t.Fatal(err)
				}
				for _, typ := range svc.Searches {
					for _, r := range d.OfType(typ) {
						if typ != "Patient" && slices.Contains(dossier.PatientRefs(r), p.ID) {
							out[p.ID] = append(out[p.ID], typ+"/"+r.ID())
						}
					}
				}
			}
			return out
		}
		noord, zuid := resources(providers[0].Source), resources(providers[1].Source)
		overlapping := 0
		for id, cn := range noord {
			cz := zuid[id]
			common := 0
			for _, c := range cn {
				if slices.Contains(cz, c) {
					common++
				}
			}
			if common > 0 && common < len(cn) && common < len(cz) {
				overlapping++
			}
		}
		if overlapping != 1 {
			t.Errorf("%d test patients with overlapping, differing data at both hospitals; want 1", overlapping)
		}
		srv := httptest.NewServer(sandbox.NewDVA(db, dossier.NewStore(db), sandbox.Options{Providers: providers, NoTraffic: true}))
		defer srv.Close()
		resp, err := srv.Client().Get(srv.URL + "/medmij/zal.xml")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, want := range []string{"<Zorgaanbiedernaam>ziekenhuis-noord</Zorgaanbiedernaam>", "<Zorgaanbiedernaam>ziekenhuis-zuid</Zorgaanbiedernaam>",
			srv.URL + "/ziekenhuis-noord/oauth/authorize", srv.URL + "/ziekenhuis-zuid/48/fhir"} {
			if !strings.Contains(string(body), want) {
				t.Errorf("ZAL lacks %q", want)
			}
		}
	})
}
