package orgsandbox

import (
	"context"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/twiin"
)

func TestMatrixFromExchanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC)
		hid := insert(t, db, "INSERT INTO hackathons (code, name, variant, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", "PZP", "PZP", "v", now, now)
		org := insert(t, db, "INSERT INTO organisations (name, created_at) VALUES (?, ?)", "Leverancier A", now)
		c := &Clients{DB: db, HackathonID: hid, Code: "PZP", Host: "sandbox.test"}
		reg, err := c.Ensure(ctx, org, "Leverancier A", now)
		if err != nil {
			t.Fatal(err)
		}
		a := reg.URA
		for i, x := range []twiin.Exchange{
			{Role: "sender", Method: "POST", Path: "https://a/notify/Task", Status: 201, PeerURA: a},
			{Role: "holder", Method: "GET", Path: "/fhir/Observation", Status: 403, TokenURA: a, PeerSubject: "CN=TEST A"},
			{Role: "holder", Method: "GET", Path: "/fhir/Condition", Status: 200, TokenURA: a, PeerSubject: "CN=TEST A"},
			{Role: "receiver", Method: "POST", Path: "/Task", Status: 422, PeerURA: "90000077"},
		} {
			x.At = now.Add(time.Duration(i) * time.Minute)
			if err := saveExchange(ctx, db, hid, x); err != nil {
				t.Fatal(err)
			}
		}
		ps, err := Matrix(ctx, db, hid)
		if err != nil || len(ps) != 2 {
			t.Fatalf("%v %+v", err, ps)
		}
		p := ps[0] // "90000077" sorts after "Leverancier A"? names compare lower-case
		if p.B != a {
			p = ps[1]
		}
		if p.A != SandboxURA || p.BName != "Leverancier A" {
			t.Fatalf("pair %+v", p)
		}
		for k, l := range Layers {
			if !p.Cells[k].Pass {
				t.Errorf("layer %s not passed: %+v", l, p.Cells)
			}
		}
		if !p.Cells[2].At.Equal(now.Add(2 * time.Minute)) {
			t.Errorf("information passed at %v", p.Cells[2].At)
		}
		for _, q := range ps {
			if q.B == "90000077" {
				for k, c := range q.Cells {
					if c.Pass {
						t.Errorf("refused pair passes %s", Layers[k])
					}
				}
			}
		}
	})
}
