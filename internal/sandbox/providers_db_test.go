package sandbox

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestDeclaredProviders: two care providers declared for a hackathon in
// the database are served by a DVA built from LoadProviders: both on the
// ZAL with their own endpoints, each patient chooser listing only its own
// dossier's patients, and a token of one opening nothing at the other.
func TestDeclaredProviders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		users := newUsers(t, db, 1)
		h := newHackathon(t, db, "PROV", "Twee ziekenhuizen", users[0])
		other := newHackathon(t, db, "ELSE", "Andere", users[0])
		st := dossier.NewStore(db)
		ids := map[string]int64{}
		for _, name := range []string{"noord", "zuid"} {
			id, err := st.CreateWith(ctx, dossier.New{HackathonID: h.ID, Name: "Ziekenhuis " + name, Kind: dossier.KindHappyFlow,
				ServiceID: "48", FHIRVersion: fhir.STU3}, dossier.Meta{}, bgzSet(t).Resources)
			if err != nil {
				t.Fatal(err)
			}
			ids[name] = id
			if _, err := AddHackathonProvider(ctx, db, HackathonProvider{HackathonID: h.ID, Path: "zh-" + name, Name: "zh-" + name, DossierID: id}); err != nil {
				t.Fatal(err)
			}
		}
		// Bad declarations name their field and store nothing.
		for _, c := range []struct {
			p     HackathonProvider
			field string
		}{
			{HackathonProvider{HackathonID: h.ID, Path: "zh-noord", Name: "x", DossierID: ids["noord"]}, "path"},
			{HackathonProvider{HackathonID: h.ID, Path: "oauth", Name: "x", DossierID: ids["noord"]}, "path"},
			{HackathonProvider{HackathonID: h.ID, Path: "48", Name: "x", DossierID: ids["noord"]}, "path"},
			{HackathonProvider{HackathonID: h.ID, Path: "ok", Name: "Met Spatie", DossierID: ids["noord"]}, "name"},
			{HackathonProvider{HackathonID: other.ID, Path: "ok", Name: "x", DossierID: ids["noord"]}, "dossier"},
		} {
			_, err := AddHackathonProvider(ctx, db, c.p)
			if f := apperr.Fields(err); len(f) == 0 || f[0].Field != c.field {
				t.Errorf("%+v: %v, want an error on %s", c.p, err, c.field)
			}
		}
		if list, _ := HackathonProviders(ctx, db, h.ID); len(list) != 2 || list[0].DossierName != "Ziekenhuis noord" {
			t.Fatalf("declared: %+v", list)
		}
		if list, _ := HackathonProviders(ctx, db, other.ID); len(list) != 0 {
			t.Errorf("other hackathon has %+v", list)
		}
		providers, err := LoadProviders(ctx, db, st)
		if err != nil || len(providers) != 2 {
			t.Fatalf("LoadProviders: %v %v", providers, err)
		}
		e := newEnvSource(t, db, st, "", Options{Providers: providers})
		if err := RegisterClient(ctx, db, Client{ClientID: testClient, Name: "Test PGO", RedirectURIs: []string{testRedirect}, HackathonID: h.ID}); err != nil {
			t.Fatal(err) // the hackathon's PGO: only its patients are offered
		}
		keyN, keyZ := strconv.FormatInt(ids["noord"], 10)+":"+testPatient, strconv.FormatInt(ids["zuid"], 10)+":"+testPatient
		n := e.at("/zh-noord").as(keyN, "zh-noord~48")
		z := e.at("/zh-zuid").as(keyZ, "zh-zuid~48")
		// Each chooser lists its own dossier's patients only.
		for _, c := range []struct {
			src       dossier.Source
			own, away int64
		}{{providers[0].Source, ids["noord"], ids["zuid"]}, {providers[1].Source, ids["zuid"], ids["noord"]}} {
			ps, err := c.src.Patients(ctx)
			if err != nil || len(ps) == 0 {
				t.Fatalf("patients: %v %v", ps, err)
			}
			for _, p := range ps {
				if !strings.HasPrefix(p.Key, strconv.FormatInt(c.own, 10)+":") {
					t.Errorf("chooser of dossier %d lists %s", c.own, p.Key)
				}
			}
			if _, err := c.src.Dossier(ctx, strconv.FormatInt(c.away, 10)+":"+testPatient); err == nil {
				t.Errorf("source of dossier %d opens the other's patient", c.own)
			}
		}
		tn := n.token(t).AccessToken
		if got, _ := searchIDs(t, n, "/48/fhir/Condition", tn, nil); len(got) == 0 {
			t.Errorf("Noord's own conditions: none")
		}
		for _, c := range []*env{z, e} {
			resp, body := c.fhirGet(t, "/48/fhir/Condition", tn, nil)
			if resp.StatusCode != 403 {
				t.Errorf("Noord's token at %q: %d %s", c.prefix, resp.StatusCode, trunc(body))
			}
		}
		// Zuid's chooser offers its own patients, not Noord's.
		q := authParams()
		q.Set("scope", "zh-zuid~48")
		if resp, body := z.fhirGet(t, "/oauth/authorize?"+q.Encode(), "", nil); resp.StatusCode != 200 || !strings.Contains(string(body), keyZ) || strings.Contains(string(body), keyN) {
			t.Errorf("Zuid's chooser should offer %s, not %s: %d %s", keyZ, keyN, resp.StatusCode, trunc(body))
		}
		// The root DVA keeps the hackathon's other dossiers and neither offers
		// nor admits the hospitals' patients.
		rootID, err := st.CreateWith(ctx, dossier.New{HackathonID: h.ID, Name: "Algemeen", Kind: dossier.KindHappyFlow,
			ServiceID: "48", FHIRVersion: fhir.STU3}, dossier.Meta{}, bgzSet(t).Resources)
		if err != nil {
			t.Fatal(err)
		}
		keyRoot := strconv.FormatInt(rootID, 10) + ":" + testPatient
		q = authParams()
		if resp, body := e.fhirGet(t, "/oauth/authorize?"+q.Encode(), "", nil); resp.StatusCode != 200 || !strings.Contains(string(body), keyRoot) ||
			strings.Contains(string(body), keyN) || strings.Contains(string(body), keyZ) {
			t.Errorf("root chooser should offer %s only: %d %s", keyRoot, resp.StatusCode, trunc(body))
		}
		q.Set("patient", keyN)
		if resp, body := e.postForm(t, "/oauth/authorize", q, nil); resp.StatusCode != 400 {
			t.Errorf("root login as Noord's patient: %d %s", resp.StatusCode, trunc(body))
		}
		resp, body := e.fhirGet(t, "/medmij/zal.xml", "", nil)
		for _, want := range []string{"<Zorgaanbiedernaam>zh-noord</Zorgaanbiedernaam>", "<Zorgaanbiedernaam>zh-zuid</Zorgaanbiedernaam>",
			e.srv.URL + "/zh-noord/oauth/token", e.srv.URL + "/zh-zuid/oauth/authorize", e.srv.URL + "/zh-zuid/48/fhir"} {
			if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
				t.Errorf("ZAL lacks %q: %d %s", want, resp.StatusCode, trunc(body))
			}
		}
	})
}
