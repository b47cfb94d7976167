package sandbox

import (
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestClientLimits: a client's name and redirect URIs are bounded, since
// the public login page shows the name and the participant page the URIs.
func TestClientLimits(t *testing.T) {
	db := storetest.SQLite(t)
	long := "https://pgo.example/cb?x=" + strings.Repeat("a", 4000)
	many := make([]string, 11)
	for i := range many {
		many[i] = "https://pgo.example/cb" + strings.Repeat("/x", i)
	}
	for name, c := range map[string]Client{
		"long name":          {ClientID: "pgo.example", Name: strings.Repeat("N", 201), RedirectURIs: []string{testRedirect}},
		"long redirect":      {ClientID: "pgo.example", RedirectURIs: []string{long}},
		"too many redirects": {ClientID: "pgo.example", RedirectURIs: many},
	} {
		err := RegisterClient(t.Context(), db, c)
		if err == nil || !strings.Contains(err.Error(), "at most") {
			t.Errorf("%s: %v, want an error naming the limit", name, err)
		}
	}
	if err := RegisterClient(t.Context(), db, Client{ClientID: "pgo.example", Name: strings.Repeat("N", 200), RedirectURIs: many[:10]}); err != nil {
		t.Errorf("200-character name and 10 redirect URIs: %v", err)
	}
}
