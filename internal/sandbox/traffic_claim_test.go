package sandbox

import (
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/sandbox/sandboxtest"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestUnprovenTraffic: a token request that names a vendor's client_id but
// redeems nothing of that client is recorded as unauthenticated: not as the
// vendor's exchange, only with the client_id it claimed.
func TestUnprovenTraffic(t *testing.T) {
	certDir(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		h := newHackathon(t, db, "CLM", "Claims", newUsers(t, db, 1)[0])
		e := newEnvSource(t, db, sandboxtest.InHackathon(h.ID, bgzSet(t)), testPatient, Options{})
		if err := RegisterClient(ctx, db, Client{ClientID: testClient, RedirectURIs: []string{testRedirect}, HackathonID: h.ID}); err != nil {
			t.Fatal(err)
		}
		// An anonymous caller posing as the vendor.
		resp, _ := e.postForm(t, "/oauth/token", url.Values{"grant_type": {"authorization_code"}, "code": {"guess"},
			"redirect_uri": {testRedirect}, "client_id": {testClient}}, map[string]string{"MedMij-Request-ID": "rid-forged"})
		if resp.StatusCode != 400 {
			t.Fatalf("forged token request: %d", resp.StatusCode)
		}
		// The vendor itself.
		tr := e.token(t)
		e.dva.FlushTraffic()

		own, err := Traffic(ctx, db, testClient, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range own {
			if x.RequestID == "rid-forged" {
				t.Errorf("the forged request is in the vendor's own traffic: %+v", x)
			}
		}
		all, err := HackathonTraffic(ctx, db, TrafficFilter{HackathonID: h.ID})
		if err != nil {
			t.Fatal(err)
		}
		var forged, proven, authorize int
		for _, x := range all {
			switch {
			case x.RequestID == "rid-forged":
				forged++
				if x.ClientID != "" || x.ClaimedClientID != testClient {
					t.Errorf("forged request recorded as client %q (claimed %q), want unproven claim of %s", x.ClientID, x.ClaimedClientID, testClient)
				}
			case x.Path == "/oauth/token":
				proven++
				if x.ClientID != testClient || x.ClaimedClientID != "" || x.TokenID == 0 {
					t.Errorf("the vendor's token request recorded as %q (claimed %q, token %d)", x.ClientID, x.ClaimedClientID, x.TokenID)
				}
			case strings.HasPrefix(x.Path, "/oauth/authorize"):
				authorize++
				if x.ClientID != "" || x.ClaimedClientID != testClient {
					t.Errorf("front-channel request recorded as client %q (claimed %q): a browser proves nothing", x.ClientID, x.ClaimedClientID)
				}
			}
		}
		var forgedID int64
		for _, x := range all {
			if x.RequestID == "rid-forged" {
				forgedID = x.ID
			}
		}
		if id, err := TrafficIDByRequestID(ctx, db, h.ID, "rid-forged"); err != nil || id != forgedID {
			t.Errorf("exchange by request id: %d %v, want %d", id, err, forgedID)
		}
		if _, err := TrafficIDByRequestID(ctx, db, h.ID, "rid-token"); err != nil {
			t.Errorf("the vendor's token request by request id: %v", err)
		}
		if forged != 1 || proven != 1 || authorize != 3 {
			t.Errorf("hackathon traffic: %d forged, %d proven token requests, %d authorize requests; want 1, 1, 3", forged, proven, authorize)
		}
		if tr.AccessToken == "" {
			t.Fatal("no token")
		}
	})
}
