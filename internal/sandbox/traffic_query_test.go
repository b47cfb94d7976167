package sandbox

import (
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/sandbox/sandboxtest"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestTrafficBodies: the DVA keeps request and response bodies with the
// secrets masked, stores a repeated answer once, and lists a hackathon's
// traffic by client and status.
func TestTrafficBodies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		h := newHackathon(t, db, "TRAF", "Traffic", newUsers(t, db, 1)[0])
		e := newEnvSource(t, db, sandboxtest.InHackathon(h.ID, bgzSet(t)), testPatient, Options{})
		if err := RegisterClient(ctx, db, Client{ClientID: testClient, RedirectURIs: []string{testRedirect}, HackathonID: h.ID}); err != nil {
			t.Fatal(err)
		}
		code := e.login(t)
		resp, tr := e.exchange(t, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect}, "client_id": {testClient}})
		if resp.StatusCode != 200 {
			t.Fatalf("token %d", resp.StatusCode)
		}
		for range 3 {
			e.fhirGet(t, "/fhir/Observation/$lastn?code=http%3A%2F%2Floinc.org%7C85354-9", tr.AccessToken, nil)
		}
		e.fhirGet(t, "/fhir/Condition", "", nil) // 401, attributed to no client

		e.dva.FlushTraffic()
		all, err := HackathonTraffic(ctx, db, TrafficFilter{HackathonID: h.ID})
		if err != nil {
			t.Fatal(err)
		}
		var tokenID, allowID int64
		searches := 0
		for _, x := range all {
			switch {
			case x.Path == "/oauth/token":
				tokenID = x.ID
			case x.Method == "POST" && x.Path == "/oauth/authorize" && x.Status == 302:
				allowID = x.ID
			case strings.HasPrefix(x.Path, "/fhir/Observation/$lastn?code=http"):
				searches++ // the FHIR code parameter is not masked
			}
			if strings.HasPrefix(x.Path, "/fhir/Condition") {
				t.Errorf("unattributed request listed for the hackathon: %s", x.Path)
			}
		}
		if tokenID == 0 || allowID == 0 || searches != 3 {
			t.Fatalf("token %d, allow %d, searches %d in %d entries", tokenID, allowID, searches, len(all))
		}
		tok, err := HackathonExchange(ctx, db, h.ID, tokenID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(tok.RequestBody, code) || !strings.Contains(tok.RequestBody, "code=%5Bredacted%5D") ||
			strings.Contains(tok.ResponseBody, tr.AccessToken) || strings.Contains(tok.ResponseBody, tr.RefreshToken) || !strings.Contains(tok.ResponseBody, `"token_type":"Bearer"`) {
			t.Errorf("token exchange bodies not masked: %q / %q", tok.RequestBody, tok.ResponseBody)
		}
		allow, _ := HackathonExchange(ctx, db, h.ID, allowID)
		if loc := strings.Join(allow.ResponseHeaders["Location"], ""); strings.Contains(loc, code) || !strings.Contains(loc, "code=%5Bredacted%5D") {
			t.Errorf("Location recorded as %q", loc)
		}
		if strings.Contains(allow.RequestBody, "st-123") {
			t.Errorf("state kept in the authorize form: %q", allow.RequestBody)
		}
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(DISTINCT response_body_hash) FROM sandbox_traffic WHERE path LIKE '/fhir/Observation/$lastn%'").Scan(&n); err != nil || n != 1 {
			t.Errorf("three equal answers use %d bodies (%v), want 1", n, err)
		}
		last, _ := HackathonExchange(ctx, db, h.ID, all[0].ID)
		if !strings.Contains(last.ResponseBody, `"resourceType":"Bundle"`) {
			t.Errorf("search body %.100q", last.ResponseBody)
		}
		if _, err := HackathonExchange(ctx, db, h.ID+1, all[0].ID); err != ErrTrafficNotFound {
			t.Errorf("another hackathon's exchange: %v", err)
		}
		ok, _ := HackathonTraffic(ctx, db, TrafficFilter{HackathonID: h.ID, Status: "2xx", ClientID: testClient})
		for _, x := range ok {
			if x.Status < 200 || x.Status > 299 {
				t.Errorf("2xx filter gave %d", x.Status)
			}
		}
		if len(ok) == 0 || len(ok) == len(all) {
			t.Errorf("2xx filter: %d of %d", len(ok), len(all))
		}
		if _, err := HackathonTraffic(ctx, db, TrafficFilter{HackathonID: h.ID, Status: "2x"}); err == nil {
			t.Error("bad status filter accepted")
		}
	})
}
