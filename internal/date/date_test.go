package date

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseAndJSON(t *testing.T) {
	d, err := Parse("2026-03-05")
	if err != nil || d.String() != "2026-03-05" {
		t.Fatalf("Parse = %v, %v", d, err)
	}
	for _, bad := range []string{"5-3-2026", "2026-13-01", "yesterday"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	b, _ := json.Marshal(struct{ D Date }{d})
	if string(b) != `{"D":"2026-03-05"}` {
		t.Fatalf("json = %s", b)
	}
	var z struct{ D Date }
	if err := json.Unmarshal([]byte(`{"D":null}`), &z); err != nil || !z.D.IsZero() {
		t.Fatalf("null: %v %v", z.D, err)
	}
	if d.AddDays(-5).String() != "2026-02-28" {
		t.Fatalf("AddDays = %s", d.AddDays(-5))
	}
	var s Date
	if err := s.Scan(time.Date(2026, 1, 2, 23, 0, 0, 0, time.UTC)); err != nil || s.String() != "2026-01-02" {
		t.Fatalf("Scan = %s %v", s, err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("2026-03-05")
	f.Add("")
	f.Add("0000-00-00")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil || d.IsZero() {
			return
		}
		again, err := Parse(d.String())
		if err != nil || again != d {
			t.Fatalf("round trip of %q: %v %v", s, again, err)
		}
	})
}
