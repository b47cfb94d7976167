package pgoclient

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestCheckURL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" = ok, else part of the error
	}{
		{"https://dva.example/oauth/authorize", ""},
		{"http://dva.example:8080/fhir", ""},
		{"ftp://dva.example/", "https://"},
		{"javascript:alert(1)", "https://"},
		{"file:///etc/passwd", "https://"},
		{"https://", "no host"},
		{"https://user:pw@dva.example/", "user name"},
		{"https://dva.example/#x", "fragment"},
		{"/relative", "https://"},
		{"https://dva.example/\x7f", "not a URL"},
	} {
		err := CheckURL(tc.in)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("CheckURL(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestPublicAddr(t *testing.T) {
	for _, tc := range []struct {
		ip     string
		public bool
	}{
		{"93.184.215.14", true}, {"2a00:1450:4001:80b::200e", true},
		{"127.0.0.1", false}, {"127.1.2.3", false}, {"::1", false},
		{"10.1.2.3", false}, {"172.16.0.1", false}, {"192.168.1.1", false}, {"fd00::1", false},
		{"169.254.169.254", false}, {"fe80::1", false}, {"0.0.0.0", false}, {"::", false},
		{"100.64.0.1", false}, {"224.0.0.1", false}, {"255.255.255.255", false}, {"198.18.0.1", false},
		{"::ffff:127.0.0.1", false}, {"::ffff:10.0.0.1", false}, {"64:ff9b::a00:1", false}, {"2002:7f00:1::", false},
	} {
		if got := PublicAddr(netip.MustParseAddr(tc.ip)); got != tc.public {
			t.Errorf("PublicAddr(%s) = %v, want %v", tc.ip, got, tc.public)
		}
	}
}

// TestGuardRefusesInternalAtDialTime: a host name that resolves to
// loopback is refused on the resolved address, and an allowed host:port
// gets through.
func TestGuardRefusesInternalAtDialTime(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	var p Policy
	hc := p.HTTPClient()
	for _, u := range []string{srv.URL, "http://localhost:" + port + "/"} {
		_, err := hc.Get(u)
		if !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("GET %s: %v, want blocked", u, err)
		}
	}
	p.AllowList(" 127.0.0.1:" + port + " ,other.test")
	resp, err := p.HTTPClient().Get(srv.URL)
	if err != nil {
		t.Fatalf("allowed host: %v", err)
	}
	resp.Body.Close()
	// Another port on the same host stays refused.
	if _, err := p.HTTPClient().Get("http://127.0.0.1:1/"); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("other port: %v, want blocked", err)
	}
}

// TestGuardDoesNotFollowRedirects: a 3xx is recorded as it is, never
// followed (so a public DVA cannot bounce the PGO to an internal address).
func TestGuardDoesNotFollowRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	}))
	defer srv.Close()
	var p Policy
	p.AllowURL(srv.URL)
	resp, err := p.HTTPClient().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Errorf("status %d, want the 302 itself", resp.StatusCode)
	}
}

// TestBgZSearchesMatchScript keeps the built-in query set equal to the
// Nictiz PHR-Client TestScript's 28 searches.
func TestBgZSearchesMatchScript(t *testing.T) {
	ss := bgzScriptSearches(t)
	if len(ss) != len(BgZSearches) {
		t.Fatalf("script has %d searches, built-in %d", len(ss), len(BgZSearches))
	}
	for i, s := range ss {
		b := BgZSearches[i]
		if s.Resource != b.Resource || s.Params != b.Params || !strings.HasSuffix(s.Name, " - "+b.Name) {
			t.Errorf("search %d: script %+v, built-in %+v", i, s, b)
		}
	}
	if !reflect.DeepEqual(Services["48"].Searches, BgZSearches) {
		t.Error("data service 48 does not use the BgZ searches")
	}
}

// TestServiceSearchesMatchScripts keeps every built-in query set that has
// a Nictiz PHR-Client TestScript equal to it: the search operations of the
// script named and of its siblings (Cert and Test, every scenario) are the
// service's searches.
func TestServiceSearchesMatchScripts(t *testing.T) {
	const shared = "../../../shared/fhir/"
	if _, err := os.Stat(shared + "testscripts"); err != nil {
		t.Skipf("FHIR material not found (CI has ../shared beside the checkout): %v", err)
	}
	scripted := 0
	for _, id := range ServiceIDs() {
		svc := Services[id]
		if svc.Script == "" {
			continue
		}
		scripted++
		files := []string{shared + svc.Script}
		if id == "63" {
			more, _ := filepath.Glob(shared + "testscripts/R4/Immunization-2-0/*/PHR-Client/imm-retrieve-*.xml")
			if len(more) < 4 {
				t.Fatalf("vaccination PHR-Client scripts: %v", more)
			}
			files = more
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ss, err := ScriptSearchesOf(svc.FHIR, data)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if len(ss) != len(svc.Searches) {
				t.Fatalf("%s: %d searches, service %s has %d", filepath.Base(f), len(ss), id, len(svc.Searches))
			}
			for i, s := range ss {
				b := svc.Searches[i]
				if s.Resource != b.Resource || s.Params != b.Params || !strings.HasSuffix(s.Name, b.Name) {
					t.Errorf("%s search %d: script %+v, built-in %+v", filepath.Base(f), i, s, b)
				}
			}
		}
	}
	if scripted < 2 {
		t.Errorf("%d services with a script, want 48 and 63", scripted)
	}
}
