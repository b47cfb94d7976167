package finding_test

import (
	"context"
	"net/url"
	"reflect"
	"testing"

	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// FuzzFilterCanonical: a filter survives its canonical form (what is saved).
func FuzzFilterCanonical(f *testing.F) {
	for _, s := range []string{"status=nieuw,in_triage&severity=hoog", "q=%20token%20&actor=+5", "unassigned=1&status=bogus", "q=" + string(make([]byte, 300)), "chain_link=dva&q=%22a+b%22"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		flt := finding.ParseFilter(q)
		canon := flt.Values().Encode()
		q2, err := url.ParseQuery(canon)
		if err != nil {
			t.Fatalf("canonical form %q does not parse: %v", canon, err)
		}
		if back := finding.ParseFilter(q2); !reflect.DeepEqual(back, flt) || back.Values().Encode() != canon {
			t.Fatalf("%q: %+v, after its canonical form %q: %+v", s, flt, canon, back)
		}
	})
}

// FuzzSearchSQL: any search text is a valid query on the database.
func FuzzSearchSQL(f *testing.F) {
	db := storetest.SQLite(f)
	fx := setup(f, db)
	ctx := context.Background()
	if _, _, err := fx.svc.Create(ctx, fx.hid, finding.Input{Title: `100% _zeker\ "of" niet`}, fx.user); err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"100%", `\`, `_`, `'; DROP TABLE findings; --`, `"`, "pzp-1", "%_\\%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := fx.svc.List(ctx, fx.hid, finding.ParseFilter(url.Values{"q": {s}}), staff); err != nil {
			t.Fatalf("search %q: %v", s, err)
		}
	})
}
