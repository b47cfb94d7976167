package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/validate"
)

// TestDossierImportWarnsNonConformant: an import with a resource that
// breaks its StructureDefinition is stored all the same, with a warning
// flash instead of the plain one.
func TestDossierImportWarnsNonConformant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		pool := validate.NewPool(t.TempDir(), map[fhir.Version][]string{
			fhir.R4: {"../../../shared/fhir/packages/hl7.fhir.r4.core"},
		})
		old := validate.SetDefaultPool(pool)
		t.Cleanup(func() { validate.SetDefaultPool(old) })
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/dossiers", e.hid)
		good := `{"resourceType":"Patient","id":"p1","gender":"female"}`
		ct, body := upload(map[string]string{"name": "R4", "kind": "happyflow", "service_id": "63", "fhir_version": "R4"}, "p.json", []byte(good))
		status, page, hdr := e.do("test", "POST", base, ct, body)
		m := locRE.FindStringSubmatch(hdr.Get("Location"))
		if status != http.StatusSeeOther || m == nil {
			t.Fatalf("create: %d %.300s", status, page)
		}
		flashOf := func(h http.Header) string {
			for _, c := range h.Values("Set-Cookie") {
				if v, ok := strings.CutPrefix(c, "ketentest_flash="); ok {
					return strings.SplitN(v, ";", 2)[0]
				}
			}
			return ""
		}
		for i, c := range []struct{ file, want string }{
			{strings.Replace(good, "female", "vrouw", 1), "dossier.flash_imported_nonconformant"},
			{good, "dossier.flash_imported"},
		} {
			ct, body := upload(map[string]string{"mode": "replace", "base_version": fmt.Sprint(i + 1)}, "p.json", []byte(c.file))
			status, page, hdr := e.do("test", "POST", base+"/"+m[1]+"/import", ct, body)
			if status != http.StatusSeeOther {
				t.Fatalf("import %d: %d %.300s", i, status, page)
			}
			if got := flashOf(hdr); got != c.want {
				t.Errorf("import %d: flash %q, want %q", i, got, c.want)
			}
		}
	})
}
