package harness

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

const bgzResources = "../../../../shared/fhir/testscripts/STU3/BgZ-3-0/Cert/_reference/resources"

// TestPrepareParsesWithServiceVersion: fixtures of an STU3 data service are
// read as STU3, so Flag.category (0..1 in STU3) stays a single element
// instead of becoming an R4 array.
func TestPrepareParsesWithServiceVersion(t *testing.T) {
	if _, err := os.Stat(bgzResources); err != nil {
		t.Skipf("FHIR material not found: %v", err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var out bytes.Buffer
		if err := Prepare(t.Context(), db, bgzResources, "48", &out); err != nil {
			t.Fatal(err)
		}
		st := dossier.NewStore(db)
		list, err := st.List(t.Context())
		if err != nil || len(list) != 1 {
			t.Fatalf("%v %v", list, err)
		}
		if list[0].FHIRVersion != fhir.STU3 {
			t.Errorf("dossier stored as %s", list[0].FHIRVersion)
		}
		set, err := st.Version(t.Context(), list[0].ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range set.Resources {
			if r.Type() != "Flag" {
				continue
			}
			n++
			for _, c := range r.Get("category") {
				if c.Array {
					t.Errorf("Flag/%s: category is an array", r.ID())
				}
			}
			body, err := fhir.MarshalJSON(r)
			if err != nil || strings.Contains(string(body), `"category":[`) {
				t.Errorf("Flag/%s: %v %s", r.ID(), err, body)
			}
		}
		if n == 0 {
			t.Error("no Flag in the fixtures")
		}
	})
}
