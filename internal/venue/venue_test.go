package venue

import (
	"strings"
	"testing"
)

func TestParseRooms(t *testing.T) {
	rs, err := ParseRooms("Zaal A: 40\r\n\n Zaal: B : 12 ")
	if err != nil || len(rs) != 2 || rs[0] != (Room{"Zaal A", 40}) || rs[1] != (Room{"Zaal: B", 12}) {
		t.Fatalf("ParseRooms = %v, %v", rs, err)
	}
	for _, bad := range []string{"Zaal A", ": 4", "Zaal: 0", "Zaal: 10001", "Zaal: veel", strings.Repeat("Z: 1\n", 51)} {
		if _, err := ParseRooms(bad); err == nil {
			t.Errorf("ParseRooms(%q) accepted", bad)
		}
	}
}

// FuzzParseRooms: accepted rooms have a name and a capacity in range.
func FuzzParseRooms(f *testing.F) {
	for _, s := range []string{"Zaal A: 40\nZaal B: 12", "x", ":::", "Zaal: -1", "a\x00: 3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := ParseRooms(s)
		if err != nil {
			return
		}
		for _, r := range rs {
			if r.Name == "" || r.Capacity < 1 || r.Capacity > 10000 {
				t.Fatalf("accepted %+v from %q", r, s)
			}
		}
	})
}
