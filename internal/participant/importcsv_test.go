package participant_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestImport2000Rows: a Forms export of 2,000 rows with some bad ones is
// previewed (nothing stored), then the good rows are imported at once.
func TestImport2000Rows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h, err := hackathon.NewService(db).Create(ctx, hackathon.Input{Code: "IMP", Name: "Imp", Variant: "technisch"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		ps := participant.NewService(db, nil)
		var b strings.Builder
		b.WriteString("\xef\xbb\xbfTijdstempel;Naam;E-mailadres;Organisatie;Rol in de keten;Dieetwensen\r\n")
		bad := map[int]string{}
		for i := 0; i < 2000; i++ {
			email, role, name := fmt.Sprintf("p%d@example.org", i), "Zorgaanbieder", fmt.Sprintf("Persoon %d", i)
			switch {
			case i == 10:
				email = "geen-adres"
				bad[i+2] = "email"
			case i == 20:
				role = "astronaut"
				bad[i+2] = "chain_role"
			case i == 30:
				name = ""
				bad[i+2] = "name"
			case i == 40:
				email = "p0@example.org"
				bad[i+2] = "line 2"
			}
			fmt.Fprintf(&b, "2027-01-01 10:00;%s;%s;\"Org; %d\";%s;geen\r\n", name, email, i%50, role)
		}
		tab, err := participant.ParseCSV([]byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		m := participant.GuessMapping(tab.Header)
		if m["email"] != 2 || m["chain_role"] != 4 || m["dietary"] != 5 {
			t.Fatalf("mapping %v", m)
		}
		rows, err := ps.Preview(ctx, h, tab, m)
		if err != nil || len(rows) != 2000 {
			t.Fatalf("preview: %d %v", len(rows), err)
		}
		nbad := 0
		for _, r := range rows {
			if len(r.Errors) == 0 {
				continue
			}
			nbad++
			if want, ok := bad[r.Line]; !ok || !strings.Contains(strings.Join(r.Errors, " "), want) {
				t.Errorf("line %d: %v (want %q)", r.Line, r.Errors, bad[r.Line])
			}
		}
		if nbad != len(bad) {
			t.Fatalf("%d bad rows, want %d", nbad, len(bad))
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM registrations").Scan(&n)
		if n != 0 {
			t.Fatal("preview stored something")
		}
		got, err := ps.Import(ctx, h, rows, 0)
		if err != nil || got != 2000-len(bad) {
			t.Fatalf("import: %d %v", got, err)
		}
		db.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE name LIKE 'Org; %'").Scan(&n)
		if n != 50 {
			t.Fatalf("%d organisations", n)
		}
		// Importing again adds nothing: every address is registered now.
		rows, _ = ps.Preview(ctx, h, tab, m)
		if got, _ := ps.Import(ctx, h, rows, 0); got != 0 {
			t.Fatalf("second import stored %d", got)
		}
	})
}

func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{"Naam,E-mail\na,b@c.nl\n", "\xef\xbb\xbfa;b\n\"x;y\";z", "", "\"", "a\n\"b\"\"c\n", "naam\r\n\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := participant.ParseCSV(data)
		if err != nil {
			return
		}
		if tab.Header == nil {
			t.Fatal("no header and no error")
		}
		m := participant.GuessMapping(tab.Header)
		for _, f := range participant.ImportFields {
			if i := m[f]; i < -1 || i >= len(tab.Header) {
				t.Fatalf("mapping %s -> %d out of range", f, i)
			}
		}
	})
}
