package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestPGOStepLabelsInPageLanguage (#11 item 8): the reference PGO's run
// and exchange pages name the steps in the page's language (Dutch by
// default, English by choice), not in the English names pgoclient stores.
func TestPGOStepLabelsInPageLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := t.Context()
		if _, err := db.Exec(ctx, "UPDATE users SET language = 'en' WHERE id = ?", e.users["loggingteam"].ID); err != nil {
			t.Fatal(err)
		}
		st := pgoclient.NewStore(db)
		run := &pgoclient.Run{HackathonID: e.hid, CreatedBy: e.users["deelnemer"].ID, Target: pgoclient.Target{Kind: pgoclient.TargetExternal,
			Label: "Labels", ServiceID: "48", AuthorizeURL: "https://dva.example/a", TokenURL: "https://dva.example/t",
			FHIRBase: "https://dva.example/fhir", ClientID: "x", Scope: "x~48", RedirectURI: "https://k.example/cb"}}
		if err := st.Create(ctx, run, "state", "binding", time.Now()); err != nil {
			t.Fatal(err)
		}
		ids := map[string]int64{}
		for i, x := range []*pgoclient.Exchange{
			{Step: "authorize", Name: "authorize (front channel, via the browser)", Method: "GET", URL: "https://dva.example/a"},
			{Step: "callback", Name: "redirect back from the DVA", Method: "GET", URL: "https://k.example/cb"},
			{Step: "token", Name: "token (authorization_code, client_secret_basic)", Method: "POST", URL: "https://dva.example/t", Status: 200},
			{Step: "search", Name: "Patient", Method: "GET", URL: "https://dva.example/fhir/Patient", Status: 200},
		} {
			x.RunID, x.Seq, x.At = run.ID, i+1, time.Now()
			if err := st.AddExchange(ctx, x); err != nil {
				t.Fatal(err)
			}
			ids[x.Step] = x.ID
		}
		page := fmt.Sprintf("/hackathons/%d/pgo/runs/%d", e.hid, run.ID)
		for _, tc := range []struct {
			subject   string
			want, not []string
		}{
			{"deelnemer", []string{"autorisatie (front channel, via de browser)", "terugkeer van de DVA (redirect)", "token (authorization_code, client_secret_basic)", "zoekvraag Patient"},
				[]string{"via the browser", "redirect back from"}},
			{"loggingteam", []string{"authorize (front channel, via the browser)", "redirect back from the DVA", "search Patient"}, []string{"via de browser", "zoekvraag"}},
		} {
			status, body, _ := e.do(tc.subject, "GET", page, "", "")
			if status != http.StatusOK {
				t.Fatalf("%s: run page %d", tc.subject, status)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: run page lacks %q", tc.subject, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(body, n) {
					t.Errorf("%s: run page shows %q", tc.subject, n)
				}
			}
		}
		status, body, _ := e.do("deelnemer", "GET", fmt.Sprintf("%s/exchanges/%d", page, ids["token"]), "", "")
		if status != http.StatusOK || !strings.Contains(body, "<h1>3 · token (authorization_code, client_secret_basic)</h1>") {
			t.Errorf("exchange page: %d", status)
		}
		status, body, _ = e.do("deelnemer", "GET", fmt.Sprintf("%s/exchanges/%d", page, ids["authorize"]), "", "")
		if status != http.StatusOK || !strings.Contains(body, "<h1>1 · autorisatie (front channel, via de browser)</h1>") || !strings.Contains(body, "<dd>autorisatie</dd>") {
			t.Errorf("authorize exchange page: %d", status)
		}
	})
}
