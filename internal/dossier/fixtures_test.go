package dossier

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

const testscripts = "../../../shared/fhir/testscripts"

// TestFixturesImportWithoutLoss zips each folder of Nictiz fixtures as a
// user would upload it, imports it into a stored dossier and reads it back:
// every resource must equal what the fhir package parses from its file,
// and XML → model → XML must be stable.
func TestFixturesImportWithoutLoss(t *testing.T) {
	if _, err := os.Stat(testscripts); err != nil {
		t.Skipf("FHIR material not found at %s (CI has ../shared beside the checkout)", testscripts)
	}
	dirs, _ := filepath.Glob(filepath.Join(testscripts, "*", "*", "*", "_reference", "resources*"))
	if len(dirs) < 7 {
		t.Fatalf("only %d fixture folders: %v", len(dirs), dirs)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := NewStore(db)
		for _, dir := range dirs {
			rel, _ := filepath.Rel(testscripts, dir)
			v := fhir.STU3
			if strings.HasPrefix(rel, "R4") {
				v = fhir.R4
			}
			t.Run(rel, func(t *testing.T) {
				var buf bytes.Buffer
				zw := zip.NewWriter(&buf)
				files := 0
				filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
					if err != nil || d.IsDir() {
						return err
					}
					data, err := os.ReadFile(p)
					if err != nil {
						return err
					}
					name, _ := filepath.Rel(dir, p)
					w, _ := zw.Create(filepath.ToSlash(name))
					w.Write(data)
					files++
					return nil
				})
				zw.Close()
				imp, err := Import(buf.Bytes(), rel+".zip", v, DefaultLimits)
				if err != nil {
					t.Fatal(err)
				}
				rs, err := Apply(nil, imp, Replace)
				if err != nil {
					t.Fatal(err)
				}
				want := map[string]*fhir.Node{}
				for _, r := range rs {
					want[r.Type()+"/"+r.ID()] = r.Root.Clone()
				}
				id, err := st.CreateWith(t.Context(), New{Name: rel, Kind: KindKwalificatie, FHIRVersion: v}, Meta{Source: rel + ".zip"}, rs)
				if err != nil {
					t.Fatal(err)
				}
				set, err := st.Version(t.Context(), id, 1)
				if err != nil {
					t.Fatal(err)
				}
				if len(set.Resources) != len(rs) {
					t.Fatalf("%d stored of %d", len(set.Resources), len(rs))
				}
				for _, r := range set.Resources {
					ref := r.Type() + "/" + r.ID()
					if !r.Root.Equal(want[ref]) {
						t.Errorf("%s changed in the store", ref)
					}
					x1, err := fhir.MarshalXML(r)
					if err != nil {
						t.Fatalf("%s: %v", ref, err)
					}
					back, err := fhir.ParseOptions{Version: v}.ParseXML(x1)
					if err != nil {
						t.Fatalf("%s: %v", ref, err)
					}
					if x2, _ := fhir.MarshalXML(back); !bytes.Equal(x1, x2) {
						t.Errorf("%s: XML round trip differs", ref)
					}
				}
				t.Logf("%d files, %d resources", files, len(rs))
			})
		}
	})
}
