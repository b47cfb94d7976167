package finding

import (
	"fmt"
	"strings"
	"testing"
)

func FuzzParsePayload(f *testing.F) {
	for _, s := range []string{"1 2 3 created", "42 1 7 updated", "x 1 2 created", "1 2 3", "-1 2 3 created", "1 2 3 deleted", "1  2\t3 created "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ev, ok := parsePayload(s)
		if !ok {
			return
		}
		if ev.ID <= 0 || ev.HackathonID <= 0 || ev.FindingID <= 0 || (ev.Change != ChangeCreated && ev.Change != ChangeUpdated) {
			t.Fatalf("%q parsed as %+v", s, ev)
		}
		// What Publish writes reads back the same.
		back, ok := parsePayload(fmt.Sprintf("%d %d %d %s", ev.ID, ev.HackathonID, ev.FindingID, ev.Change))
		if !ok || back.ID != ev.ID || back.HackathonID != ev.HackathonID || back.FindingID != ev.FindingID || back.Change != ev.Change {
			t.Fatalf("round trip of %+v: %+v", ev, back)
		}
	})
}

func FuzzSearchTerms(f *testing.F) {
	for _, s := range []string{"token", `"lege bundel" pzp-2`, `"`, `a "b`, "1 2 3 4 5 6 7 8 9 10", "100% _x\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms := searchTerms(s)
		if len(terms) > maxTerms {
			t.Fatalf("%d terms", len(terms))
		}
		for _, term := range terms {
			if strings.TrimSpace(term) == "" || strings.Contains(term, `"`) {
				t.Fatalf("term %q of %q", term, s)
			}
		}
		cond, args := Filter{Q: s}.searchClause()
		if strings.Count(cond, "?") != len(args) || (cond == "") != (len(terms) == 0) {
			t.Fatalf("%q: %d placeholders, %d args", s, strings.Count(cond, "?"), len(args))
		}
	})
}
