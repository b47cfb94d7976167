package dossier

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

const certResources = "../../../shared/fhir/testscripts/STU3/BgZ-3-0/Cert/_reference/resources"

func loadCert(t *testing.T) []*fhir.Resource {
	t.Helper()
	if _, err := os.Stat(certResources); err != nil {
		t.Skipf("FHIR material not found at %s (CI has ../shared beside the checkout)", certResources)
	}
	rs, err := LoadDir(certResources, fhir.STU3)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// synthetic is a small dossier of our own for tests without the fixtures.
func synthetic(t *testing.T) []*fhir.Resource {
	t.Helper()
	var out []*fhir.Resource
	for _, s := range []string{
		`{"resourceType":"Patient","id":"p1","name":[{"family":"XXX_Testpersoon","given":["Anna"]}],"birthDate":"1970-01-01"}`,
		`{"resourceType":"Patient","id":"p2","name":[{"text":"Bram XXX_Proef"}]}`,
		`{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1","display":"Anna"}}`,
		`{"resourceType":"Condition","id":"c2","subject":{"reference":"Patient/p2","display":"Bram"}}`,
		`{"resourceType":"Practitioner","id":"dr","name":[{"family":"Arts"}]}`,
	} {
		r, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func TestSetSplitsPatients(t *testing.T) {
	set, err := NewSet("syn", "k:", synthetic(t))
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := set.Patients(t.Context())
	if len(ps) != 2 || ps[0].Key != "k:p1" || ps[0].Name != "Anna XXX_Testpersoon" || ps[1].Name != "Bram XXX_Proef" {
		t.Fatalf("patients %+v", ps)
	}
	d, err := set.Dossier(t.Context(), "k:p1")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.OfType("Condition")) != 1 || d.OfType("Condition")[0].ID() != "c1" || d.Lookup("Practitioner/dr") == nil || d.Lookup("Patient/p2") != nil {
		t.Fatalf("dossier of p1 holds the wrong resources")
	}
	if d.Lookup("https://x.example/fhir/Practitioner/dr") == nil {
		t.Error("absolute reference not resolved")
	}
	if _, err := NewSet("dup", "", append(synthetic(t), synthetic(t)[0])); err == nil {
		t.Error("duplicate resource accepted")
	}
}

func TestCertFixtures(t *testing.T) {
	rs := loadCert(t)
	set, err := NewSet("BgZ Cert", "", rs)
	if err != nil {
		t.Fatal(err)
	}
	d, err := set.Dossier(t.Context(), "medmij-bgz-patient-ts-01")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.OfType("Condition")); n != 6 {
		t.Errorf("%d conditions, want 6", n)
	}
	t.Logf("%d resources, patient dossier of %d", len(rs), d.Len())
}

func TestZipAndBundle(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, r := range synthetic(t) {
		js, err := fhir.MarshalJSON(r)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create(filepath.Join("dossier", string(rune('a'+i))+".json"))
		w.Write(js)
	}
	w, _ := zw.Create("README.txt")
	w.Write([]byte("ignored"))
	zw.Close()
	rs, err := LoadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()), fhir.STU3)
	if err != nil || len(rs) != 5 {
		t.Fatalf("zip: %d resources, %v", len(rs), err)
	}
	b := ExportBundle(fhir.STU3, "https://sandbox.example/fhir", rs)
	js, err := fhir.MarshalJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := fhir.ParseOptions{Version: fhir.STU3}.Parse(js)
	if err != nil {
		t.Fatal(err)
	}
	back, err := FromBundle(b2)
	if err != nil || len(back) != 5 || back[2].ID() != "c1" {
		t.Fatalf("bundle round trip: %d, %v", len(back), err)
	}
	bad := []byte("{\n \"resourceType\": \"Patient\",\n \"id\": }")
	var zb bytes.Buffer
	zw = zip.NewWriter(&zb)
	w, _ = zw.Create("bad.json")
	w.Write(bad)
	zw.Close()
	_, err = LoadZip(bytes.NewReader(zb.Bytes()), int64(zb.Len()), fhir.STU3)
	var se *fhir.SyntaxError
	if ie, ok := err.(*ImportError); !ok || ie.File != "bad.json" || !errorsAs(err, &se) || se.Line != 3 {
		t.Fatalf("bad zip member: %v", err)
	}
}

func TestStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		s := NewStore(db)
		id, err := s.Create(ctx, 0, "Synthetisch", "48", fhir.STU3)
		if err != nil {
			t.Fatal(err)
		}
		if v, err := s.AddVersion(ctx, id, "eerste", synthetic(t)); err != nil || v != 1 {
			t.Fatalf("version %d, %v", v, err)
		}
		if v, err := s.AddVersion(ctx, id, "tweede", synthetic(t)[:3]); err != nil || v != 2 {
			t.Fatalf("version %d, %v", v, err)
		}
		info, err := s.Get(ctx, id)
		if err != nil || info.Version != 2 || info.Resources != 3 || info.FHIRVersion != fhir.STU3 {
			t.Fatalf("info %+v, %v", info, err)
		}
		ps, err := s.Patients(ctx)
		if err != nil || len(ps) != 2 {
			t.Fatalf("patients %+v, %v", ps, err)
		}
		d, err := s.Dossier(ctx, ps[0].Key)
		if err != nil || d.Patient.ID != "p1" || len(d.OfType("Condition")) != 1 {
			t.Fatalf("dossier %v", err)
		}
		if _, err := s.Dossier(ctx, "nope"); err != ErrNotFound {
			t.Errorf("unknown key: %v", err)
		}
		old, err := s.Version(ctx, id, 1)
		if err != nil || len(old.Resources) != 5 {
			t.Fatalf("version 1: %v", err)
		}
	})
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
