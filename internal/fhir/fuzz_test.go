package fhir

import (
	"bytes"
	"errors"
	"testing"
)

// Fuzz seeds live in testdata/fuzz/<FuzzName>/ (hand-written, plus any
// crashers the fuzzer found, kept as regression tests).

// crossDepth is the nesting limit for re-reading output in the other
// format: JSON arrays add a level that XML does not have.
const crossDepth = 3 * DefaultMaxDepth

func FuzzParseJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseJSON(data)
		if err != nil {
			checkParseError(t, err)
			return
		}
		out := stableJSON(t, r)
		if x, err := MarshalXML(r); err == nil {
			r2, err := ParseOptions{MaxDepth: crossDepth}.ParseXML(x)
			if err != nil {
				t.Fatalf("MarshalXML wrote XML it cannot read: %v\n%s\nfrom %s", err, x, out)
			}
			stableXML(t, r2)
		}
	})
}

func FuzzParseXML(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseXML(data)
		if err != nil {
			checkParseError(t, err)
			return
		}
		out := stableXML(t, r)
		if js, err := MarshalJSON(r); err == nil {
			r2, err := ParseOptions{MaxDepth: crossDepth}.ParseJSON(js)
			if err != nil {
				t.Fatalf("MarshalJSON wrote JSON it cannot read: %v\n%s\nfrom %s", err, js, out)
			}
			stableJSON(t, r2)
		}
	})
}

// checkParseError asserts that a parse error is one of the documented kinds.
func checkParseError(t *testing.T, err error) {
	var se *SyntaxError
	if errors.As(err, &se) {
		if se.Line < 1 || se.Column < 1 {
			t.Fatalf("bad position in %v", err)
		}
		return
	}
	if !errors.Is(err, ErrUnknownResourceType) {
		t.Fatalf("unexpected error type %T: %v", err, err)
	}
}

// stableJSON checks marshal→parse→marshal gives the same bytes and tree.
func stableJSON(t *testing.T, r *Resource) []byte {
	out, err := MarshalJSON(r)
	if err != nil {
		t.Fatalf("MarshalJSON of a parsed resource: %v", err)
	}
	r2, err := ParseOptions{Version: r.Version, MaxDepth: crossDepth}.ParseJSON(out)
	if err != nil {
		t.Fatalf("re-parse of %s: %v", out, err)
	}
	out2, err := MarshalJSON(r2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, out2) {
		t.Fatalf("JSON not stable:\n%s\n%s", out, out2)
	}
	if !r.Root.Equal(r2.Root) {
		t.Fatalf("tree changed by a JSON round trip: %s", out)
	}
	return out
}

// stableXML is stableJSON for XML.
func stableXML(t *testing.T, r *Resource) []byte {
	out, err := MarshalXML(r)
	if err != nil {
		t.Fatalf("MarshalXML: %v", err)
	}
	r2, err := ParseOptions{Version: r.Version, MaxDepth: crossDepth}.ParseXML(out)
	if err != nil {
		t.Fatalf("re-parse of %s: %v", out, err)
	}
	out2, err := MarshalXML(r2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, out2) {
		t.Fatalf("XML not stable:\n%s\n%s", out, out2)
	}
	return out
}
