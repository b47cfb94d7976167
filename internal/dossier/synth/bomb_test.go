package synth

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestBombRoundTrip requires every generated resource to survive
// JSON → model → XML → model → JSON without loss.
func TestBombRoundTrip(t *testing.T) {
	rs, err := Bomb(BombOptions{Seed: 42, Resources: 2000, MaxString: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2000 {
		t.Fatalf("%d resources", len(rs))
	}
	types := map[string]int{}
	for _, r := range rs {
		types[r.Type()]++
		js, err := fhir.MarshalJSON(r)
		if err != nil {
			t.Fatal(err)
		}
		m1, err := fhir.ParseOptions{Version: fhir.STU3}.ParseJSON(js)
		if err != nil {
			t.Fatalf("%s/%s: %v", r.Type(), r.ID(), err)
		}
		xml, err := fhir.MarshalXML(m1)
		if err != nil {
			t.Fatalf("%s/%s to XML: %v", r.Type(), r.ID(), err)
		}
		m2, err := fhir.ParseOptions{Version: fhir.STU3}.ParseXML(xml)
		if err != nil {
			t.Fatalf("%s/%s from XML: %v\n%s", r.Type(), r.ID(), err, xml[:min(len(xml), 2000)])
		}
		js2, err := fhir.MarshalJSON(m2)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(js, js2) {
			i := 0
			for i < len(js) && i < len(js2) && js[i] == js2[i] {
				i++
			}
			t.Fatalf("%s/%s changed in the XML round trip at byte %d:\n%s\n%s", r.Type(), r.ID(), i,
				js[max(0, i-120):min(len(js), i+120)], js2[max(0, i-120):min(len(js2), i+120)])
		}
	}
	if len(types) < 10 {
		t.Errorf("only %d resource types: %v", len(types), types)
	}
}

func TestBombIsDeterministic(t *testing.T) {
	a, err := Bomb(BombOptions{Seed: 7, Resources: 300, MaxString: 5000})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Bomb(BombOptions{Seed: 7, Resources: 300, MaxString: 5000})
	c, _ := Bomb(BombOptions{Seed: 8, Resources: 300, MaxString: 5000})
	same, differ := true, false
	for i := range a {
		ja, _ := fhir.MarshalJSON(a[i])
		jb, _ := fhir.MarshalJSON(b[i])
		jc, _ := fhir.MarshalJSON(c[i])
		same = same && bytes.Equal(ja, jb)
		differ = differ || !bytes.Equal(ja, jc)
	}
	if !same || !differ {
		t.Errorf("same seed equal: %v, other seed differs: %v", same, differ)
	}
	// The longest string is there, and an id of the maximum 64 characters.
	long, maxID := false, false
	for _, r := range a {
		for _, n := range r.Get("name.text") {
			long = long || len([]rune(n.Value)) == 5000
		}
		maxID = maxID || len(r.ID()) == 64
	}
	if !long || !maxID {
		t.Errorf("max-length string %v, 64-character id %v", long, maxID)
	}
}

func BenchmarkBomb(b *testing.B) {
	for b.Loop() {
		if _, err := Bomb(BombOptions{Seed: 1, Resources: 10_000, MaxString: 1 << 20}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBombSurvivesTheStore stores a bommendossier and reads it back on
// both databases: every resource identical, decimals exactly as written.
func TestBombSurvivesTheStore(t *testing.T) {
	rs, err := Bomb(BombOptions{Seed: 9, Resources: 400})
	if err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	for _, r := range rs {
		js, _ := fhir.MarshalJSON(r)
		all.Write(js)
	}
	for _, want := range []string{`"value":12345678901234567890.123456789012345678`, `1E+400`, `0.000000000000000000000000000001`, "1.500000",
		"\u200b", "👨‍👩‍👧‍👦", "\u05e9\u05dc\u05d5\u05dd", "9999-12-31T23:59:59.999999999+14:00", "2024-02-29", `"0001-01-01"`} {
		if !bytes.Contains(all.Bytes(), []byte(want)) {
			t.Errorf("generated JSON lacks %q", want)
		}
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := dossier.NewStore(db)
		id, err := st.CreateWith(t.Context(), dossier.New{Name: "Bom", Kind: dossier.KindBommen, FHIRVersion: fhir.STU3}, dossier.Meta{}, rs)
		if err != nil {
			t.Fatal(err)
		}
		set, err := st.Version(t.Context(), id, 1)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range set.Resources {
			a, _ := fhir.MarshalJSON(rs[i])
			b, _ := fhir.MarshalJSON(r)
			if !bytes.Equal(a, b) {
				t.Fatalf("%s/%s changed in the store", r.Type(), r.ID())
			}
		}
	})
}

func TestNULRefused(t *testing.T) {
	r, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(`{"resourceType":"Patient","id":"p","name":[{"text":"a\u0000b"}]}`))
	if err != nil {
		t.Skipf("the parser refuses NUL already: %v", err)
	}
	st := dossier.NewStore(storetest.SQLite(t))
	if _, err := st.CreateWith(t.Context(), dossier.New{Name: "x", FHIRVersion: fhir.STU3}, dossier.Meta{}, []*fhir.Resource{r}); err == nil || !strings.Contains(err.Error(), "NUL") {
		t.Fatalf("NUL accepted: %v", err)
	}
}
