package dossier

import (
	"archive/zip"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

// FuzzImport feeds arbitrary uploads to the import entry point: it must
// never panic, stay within its limits, and whatever it accepts must form a
// valid set whose resources serialise.
func FuzzImport(f *testing.F) {
	f.Add([]byte(patJSON))
	f.Add([]byte(patXML))
	f.Add([]byte(transaction))
	f.Add([]byte(bundleOf(3)))
	f.Add(zipOf(f, member{"a/p1.json", patJSON, zip.Deflate}, member{"p2.xml", patXML, zip.Store}, member{"c.xml", condXML, zip.Deflate}))
	f.Add(zipOf(f, member{"../x.json", patJSON, zip.Deflate}))
	f.Add(zipOf(f, member{"b.json", transaction, zip.Deflate}))
	lim := Limits{MaxUpload: 1 << 20, MaxFiles: 20, MaxFileSize: 256 << 10, MaxTotalSize: 1 << 20, MaxResources: 200}
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := Import(data, "fuzz", fhir.STU3, lim)
		if err != nil {
			return
		}
		if len(imp.Resources) > lim.MaxResources {
			t.Fatalf("%d resources", len(imp.Resources))
		}
		rs, err := Apply(nil, imp, Merge)
		if err != nil {
			return // deletes of what is not there
		}
		if _, err := NewSet("fuzz", "", rs); err != nil {
			t.Fatalf("accepted import is no valid set: %v", err)
		}
		for _, r := range rs {
			if _, err := fhir.MarshalJSON(r); err != nil {
				t.Fatalf("%s/%s: %v", r.Type(), r.ID(), err)
			}
		}
	})
}
