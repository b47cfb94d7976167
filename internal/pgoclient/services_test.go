package pgoclient_test

import (
	"fmt"
	"github.com/ketentest/ketentest/internal/sandbox/sandboxtest"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

const (
	immunization = "../../../shared/fhir/testscripts/R4/Immunization-2-0"
)

// serveStored starts the reference DVA over one stored dossier of data
// service svc (as ketentest serves the dossiers of its dossier store) and
// returns its base URL and the dossier id.
func serveStored(t *testing.T, db *store.DB, svc string, v fhir.Version, rs []*fhir.Resource, wrap func(http.Handler) http.Handler) (string, int64) {
	t.Helper()
	st := dossier.NewStore(db)
	id, err := st.Create(t.Context(), 0, "PGO "+svc, svc, v)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddVersion(t.Context(), id, "fixtures", rs); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	dva := sandbox.NewDVA(db, st, sandbox.Options{BaseURL: base})
	var h http.Handler = dva
	if wrap != nil {
		h = wrap(dva)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close(); dva.Close() })
	if err := sandbox.RegisterClient(t.Context(), db, sandbox.Client{ClientID: clientID, Name: "ketentest", RedirectURIs: []string{redirect}}); err != nil {
		t.Fatal(err)
	}
	return base, id
}

// runService goes through the whole flow for data service svc as patient
// key and returns the finished run and its exchanges.
func runService(t *testing.T, c *pgoclient.Client, hid, uid int64, tgt pgoclient.Target, key string) (*pgoclient.Run, []*pgoclient.Exchange) {
	t.Helper()
	run := &pgoclient.Run{HackathonID: hid, CreatedBy: uid, Target: tgt}
	authURL, err := c.Begin(t.Context(), run, "b")
	if err != nil {
		t.Fatal(err)
	}
	back := browser(t, authURL, key, "allow")
	if err := c.Complete(t.Context(), run, back.String(), back.Query()); err != nil {
		t.Logf("run ended with: %v", err)
	}
	got, err := c.Store.Get(t.Context(), hid, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	xs, err := c.Store.Exchanges(t.Context(), run.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got, xs
}

func serviceTarget(base, svc string) pgoclient.Target {
	return pgoclient.Target{Kind: pgoclient.TargetSandbox, ServiceID: svc, AuthorizeURL: base + "/oauth/authorize",
		TokenURL: base + "/oauth/token", FHIRBase: base + "/" + svc + "/fhir", ClientID: clientID, RedirectURI: redirect, Scope: "ketentest~" + svc}
}

func allowed(base string) *pgoclient.Policy {
	var pol pgoclient.Policy
	pol.AllowURL(base)
	return &pol
}

// TestRunVaccinations: the reference PGO retrieves data service 63 (R4)
// from the reference DVA loaded with the Nictiz vaccination Cert fixtures,
// as the patient of PHR-Client script imm-retrieve-cert-1-1, and every R4
// check passes; the answer holds the 2 Immunizations the script expects.
func TestRunVaccinations(t *testing.T) {
	dir := filepath.Join(immunization, "Cert", "_reference", "resources")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("FHIR material not found at %s: %v", dir, err)
	}
	rs, err := dossier.LoadDir(dir, fhir.R4)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		base, id := serveStored(t, db, "63", fhir.R4, rs, nil)
		c := pgoclient.New(pgoclient.NewStore(db), allowed(base))
		hid, uid := newHackathon(t, db)
		run, xs := runService(t, c, hid, uid, serviceTarget(base, "63"), fmt.Sprintf("%d:nl-core-Patient--XXX-Boekwijt", id))
		if run.Status != pgoclient.StatusPassed || run.Searches != 1 || run.FailedChecks != 0 {
			t.Errorf("run: %s, %d searches, %d failed; %s", run.Status, run.Searches, run.FailedChecks, run.Error)
		}
		x := xs[len(xs)-1]
		if x.Step != "search" || !strings.HasSuffix(x.URL, "/63/fhir/Immunization") {
			t.Fatalf("last exchange %s %s", x.Step, x.URL)
		}
		if len(x.Checks) != len(pgoclient.R4SearchChecks) || !slices.ContainsFunc(x.Checks, func(c pgoclient.CheckResult) bool { return c.Check == "id" }) {
			t.Errorf("R4 checks: %+v", x.Checks)
		}
		for _, ck := range x.Checks {
			if !ck.Pass {
				t.Errorf("check %s: %v", ck.Check, ck.Messages)
			}
		}
		b, err := fhir.ParseOptions{Version: fhir.R4}.Parse([]byte(x.ResponseBody))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range b.Entries() {
			if e.Resource.Type() == "Immunization" {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d Immunizations, the script expects 2", n)
		}
	})
}

// TestRunPZP: the proactive care planning query set (R4) against the
// reference DVA loaded with the zib2020 examples: every search answers,
// the protocol checks pass, each search finds what the dossier holds, and
// the other patient's directive is never served.
func TestRunPZP(t *testing.T) {
	rs := sandboxtest.PZPResources(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		base, id := serveStored(t, db, "pzp", fhir.R4, rs, nil)
		c := pgoclient.New(pgoclient.NewStore(db), allowed(base))
		hid, uid := newHackathon(t, db)
		run, xs := runService(t, c, hid, uid, serviceTarget(base, "pzp"), fmt.Sprintf("%d:nl-core-Patient-01", id))
		if run.Searches != len(pgoclient.PZPSearches) || run.Status == pgoclient.StatusError {
			t.Fatalf("run: %s, %d searches; %s", run.Status, run.Searches, run.Error)
		}
		want := map[string]string{ // search → the resources of the answer
			"TreatmentDirective":            "Consent=1 PractitionerRole=1 RelatedPerson=1",
			"TreatmentDirective-source":     "Consent=2",
			"AdvanceDirective":              "Consent=2 RelatedPerson=1",
			"AdvanceCarePlanning-Procedure": "Procedure=1",
			"AdvanceCarePlanning-Goal":      "Goal=1",
		}
		protocol := []string{"status", "contentType", "parse", "type", "matchType", "self", "total", "entry", "id", "fullUrl", "profile"}
		for _, x := range xs {
			if x.Step != "search" {
				continue
			}
			for _, ck := range x.Checks {
				if !ck.Pass && slices.Contains(protocol, ck.Check) {
					t.Errorf("%s: check %s: %v", x.Name, ck.Check, ck.Messages)
				} else if !ck.Pass {
					t.Logf("%s: content of the zib2020 examples: %s %v", x.Name, ck.Check, ck.Messages)
				}
			}
			b, err := fhir.ParseOptions{Version: fhir.R4}.Parse([]byte(x.ResponseBody))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, e := range b.Entries() {
				got[e.Resource.Type()]++
				if strings.Contains(e.Resource.ID(), "TreatmentDirective2-02") {
					t.Errorf("%s: served another patient's %s", x.Name, e.Resource.ID())
				}
			}
			var parts []string
			for _, k := range slices.Sorted(func(yield func(string) bool) {
				for k := range got {
					if !yield(k) {
						return
					}
				}
			}) {
				parts = append(parts, fmt.Sprintf("%s=%d", k, got[k]))
			}
			if s := strings.Join(parts, " "); s != want[x.Name] {
				t.Errorf("%s (%s): %s, want %s", x.Name, x.URL, s, want[x.Name])
			}
			if u, _ := url.Parse(x.URL); !strings.HasPrefix(u.Path, "/pzp/fhir/") {
				t.Errorf("%s: sent to %s", x.Name, x.URL)
			}
		}
	})
}
