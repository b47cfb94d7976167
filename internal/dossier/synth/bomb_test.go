package synth

import (
	"bytes"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
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
