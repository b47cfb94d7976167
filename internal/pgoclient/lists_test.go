package pgoclient_test

import (
	"os"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestParseZAL reads the sandbox's published ZAL (the golden file of
// internal/sandbox) into one entry per resource endpoint.
func TestParseZAL(t *testing.T) {
	data, err := os.ReadFile("../sandbox/testdata/zal.golden.xml")
	if err != nil {
		t.Fatal(err)
	}
	es, err := pgoclient.ParseZAL(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 5 {
		t.Fatalf("%d entries, want 5: %+v", len(es), es)
	}
	usable := map[string]bool{}
	for _, e := range es {
		usable[e.ServiceID] = e.Usable()
		if e.Provider != "ketentest" || e.AuthorizeURL != "https://sandbox.ketentest.example/oauth/authorize" ||
			e.TokenURL != "https://sandbox.ketentest.example/oauth/token" || e.FHIRBase != "https://sandbox.ketentest.example/"+e.ServiceID+"/fhir" {
			t.Errorf("entry %+v", e)
		}
	}
	if !usable["48"] || !usable["63"] || !usable["pzp"] || usable["49"] || usable["51"] {
		t.Errorf("usable: %v (the PGO runs 48, 63 and pzp)", usable)
	}
	if es[0].Scope() != "ketentest~48" || es[0].RoleCode != "MM-3.0-BZB-FHIR" {
		t.Errorf("first: %+v", es[0])
	}
	gnl, _ := os.ReadFile("../sandbox/testdata/gnl.golden.xml")
	names, err := pgoclient.ParseGNL(gnl)
	if err != nil || names["63"] != "Vaccinaties 1.0" {
		t.Errorf("GNL: %v %v", names, err)
	}
	for _, c := range []struct{ doc, want string }{
		{string(gnl), "Gegevensdienstnamenlijst (GNL)"},
		{"", "empty or not XML"},
		{"<Zorgaanbiederslijst xmlns=\"" + pgoclient.NamespaceZAL + "\"><Zorgaanbieders>", "line 1"},
		{`<Zorgaanbiederslijst xmlns="xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release1/"/>`, "release 2"},
		{`<OAuthclientlist/>`, "is a OAuthclientlist"},
	} {
		if _, err := pgoclient.ParseZAL([]byte(c.doc)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%.40q: %v, want %q", c.doc, err, c.want)
		}
	}
	bad := strings.Replace(string(data), "https://sandbox.ketentest.example/oauth/token", "ftp://x/token", 1)
	es, err = pgoclient.ParseZAL([]byte(bad))
	if err != nil || es[0].Usable() || !strings.Contains(es[0].Problem, "TokenEndpointuri") {
		t.Errorf("bad token endpoint: %+v %v", es[0], err)
	}
}

// TestDiscover fetches the lists from a running reference DVA through the
// guarded client; the same lists from a host the guard refuses fail with
// the guard's reason.
func TestDiscover(t *testing.T) {
	db := storetest.SQLite(t)
	base, _ := serveDVA(t, db)
	c := pgoclient.New(pgoclient.NewStore(db), allowed(base))
	es, err := c.Discover(t.Context(), base+"/medmij/zal.xml", base+"/medmij/gnl.xml")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range es {
		if e.ServiceID == "63" {
			found = e.Usable() && e.ServiceName == "Vaccinaties 1.0" && e.FHIRBase == base+"/63/fhir" && e.TokenURL == base+"/oauth/token"
		}
	}
	if !found {
		t.Errorf("no usable vaccination entry in %+v", es)
	}
	guarded := pgoclient.New(pgoclient.NewStore(db), &pgoclient.Policy{})
	if _, err := guarded.Discover(t.Context(), base+"/medmij/zal.xml", ""); err == nil || !strings.Contains(err.Error(), "SSRF guard") {
		t.Errorf("loopback list without allow-list: %v", err)
	}
	if _, err := c.Discover(t.Context(), base+"/medmij/gnl.xml", ""); err == nil || !strings.Contains(err.Error(), "GNL") {
		t.Errorf("GNL as ZAL: %v", err)
	}
	if _, err := c.Discover(t.Context(), base+"/medmij/nope.xml", ""); err == nil || !strings.Contains(err.Error(), "HTTP 404") {
		t.Errorf("missing list: %v", err)
	}
	if _, err := c.Discover(t.Context(), "file:///etc/passwd", ""); err == nil {
		t.Error("file URL accepted")
	}
}
