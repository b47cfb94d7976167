package sandbox

import (
	"slices"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestTwoHospitals: one sandbox with two care providers, each its own
// DVA, ZAL entry and test patients; the same test patient has a dossier
// at both with overlapping conditions, and a PGO gathers both. A token
// of one hospital opens nothing at the other.
func TestTwoHospitals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		all := bgzSet(t).Resources
		var conds []string
		for _, r := range all {
			if r.Type() == "Condition" && slices.Contains(dossier.PatientRefs(r), testPatient) {
				conds = append(conds, r.ID())
			}
		}
		if len(conds) < 4 {
			t.Fatalf("only %d conditions", len(conds))
		}
		inA, inB := conds[:len(conds)/2+1], conds[len(conds)/2-1:] // two in common
		pick := func(keep []string) []*fhir.Resource {
			var out []*fhir.Resource
			for _, r := range all {
				if r.Type() != "Condition" || slices.Contains(keep, r.ID()) {
					out = append(out, r)
				}
			}
			return out
		}
		setA, err := dossier.NewSet("Ziekenhuis A", "a:", pick(inA))
		if err != nil {
			t.Fatal(err)
		}
		setB, err := dossier.NewSet("Ziekenhuis B", "b:", pick(inB))
		if err != nil {
			t.Fatal(err)
		}
		e := newEnvSource(t, db, bgzSet(t), testPatient, Options{Providers: []Provider{
			{Name: "ziekenhuis-a", Path: "ziekenhuis-a", Source: ForService("48", setA)},
			{Name: "ziekenhuis-b", Path: "ziekenhuis-b", Source: ForService("48", setB)},
		}})
		a := e.at("/ziekenhuis-a").as("a:"+testPatient, "ziekenhuis-a~48")
		b := e.at("/ziekenhuis-b").as("b:"+testPatient, "ziekenhuis-b~48")
		ta, tb := a.token(t).AccessToken, b.token(t).AccessToken
		gotA, bundle := searchIDs(t, a, "/48/fhir/Condition", ta, nil)
		gotB, _ := searchIDs(t, b, "/48/fhir/Condition", tb, nil)
		if strings.Join(gotA, ",") != strings.Join(inA, ",") || strings.Join(gotB, ",") != strings.Join(inB, ",") {
			t.Errorf("A %v (want %v), B %v (want %v)", gotA, inA, gotB, inB)
		}
		if self := bundle.String("link.url"); !strings.HasPrefix(self, e.srv.URL+"/ziekenhuis-a/48/fhir/Condition") {
			t.Errorf("self link %q", self)
		}
		union := map[string]bool{}
		for _, id := range append(gotA, gotB...) {
			union[id] = true
		}
		if len(union) != len(conds) || len(gotA)+len(gotB) != len(conds)+2 {
			t.Errorf("together %d conditions (%d with the overlap), the patient has %d", len(union), len(gotA)+len(gotB), len(conds))
		}
		// A's token opens nothing at B, nor at the root DVA.
		for _, c := range []*env{b, e} {
			resp, body := c.fhirGet(t, "/48/fhir/Condition", ta, nil)
			if resp.StatusCode != 403 {
				t.Errorf("A's token at %q: %d %s", c.prefix, resp.StatusCode, trunc(body))
			}
		}
		// The ZAL lists all three care providers, each with its own endpoints.
		resp, body := e.fhirGet(t, "/medmij/zal.xml", "", nil)
		zal := string(body)
		for _, want := range []string{"<Zorgaanbiedernaam>ketentest</Zorgaanbiedernaam>", "<Zorgaanbiedernaam>ziekenhuis-a</Zorgaanbiedernaam>", "<Zorgaanbiedernaam>ziekenhuis-b</Zorgaanbiedernaam>",
			e.srv.URL + "/ziekenhuis-a/oauth/authorize", e.srv.URL + "/ziekenhuis-b/48/fhir"} {
			if resp.StatusCode != 200 || !strings.Contains(zal, want) {
				t.Errorf("ZAL lacks %q: %d %s", want, resp.StatusCode, trunc(body))
			}
		}
		// Traffic is recorded with the provider's path.
		e.dva.FlushTraffic()
		var n int
		if err := db.QueryRow(t.Context(), "SELECT COUNT(*) FROM sandbox_traffic WHERE path LIKE '/ziekenhuis-b/48/fhir/Condition%'").Scan(&n); err != nil || n < 1 {
			t.Errorf("recorded B searches: %d %v", n, err)
		}
	})
}
