package synth

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// bgzSearches are the 28 searches of MedMij's medmij-bgz-phr-1-1 script,
// as a PGO sends them (checked against the script when it is present).
var bgzSearches = []string{
	"/Patient?_include=Patient:general-practitioner",
	"/Coverage?_include=Coverage:payor:Patient&_include=Coverage:payor:Organization",
	"/Consent?category=http://snomed.info/sct|11291000146105",
	"/Consent?category=http://snomed.info/sct|11341000146107",
	"/Observation/$lastn?category=http://snomed.info/sct|118228005,http://snomed.info/sct|384821006",
	"/Condition",
	"/Observation/$lastn?code=http://snomed.info/sct|365508006",
	"/Observation?code=http://snomed.info/sct|228366006",
	"/Observation?code=http://snomed.info/sct|228273003",
	"/Observation?code=http://snomed.info/sct|365980008",
	"/NutritionOrder",
	"/Flag",
	"/AllergyIntolerance",
	"/MedicationStatement?category=urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3|6&_include=MedicationStatement:medication",
	"/MedicationRequest?category=http://snomed.info/sct|16076005&_include=MedicationRequest:medication",
	"/MedicationDispense?category=http://snomed.info/sct|422037009&_include=MedicationDispense:medication",
	"/DeviceUseStatement?_include=DeviceUseStatement:device",
	"/Immunization?status=completed",
	"/Observation/$lastn?code=http://loinc.org|85354-9",
	"/Observation/$lastn?code=http://loinc.org|29463-7",
	"/Observation/$lastn?code=http://loinc.org|8302-2,http://loinc.org|8306-3,http://loinc.org|8308-9",
	"/Observation/$lastn?category=http://snomed.info/sct|275711006&_include=Observation:related-target&_include=Observation:specimen",
	"/Procedure?category=http://snomed.info/sct|387713003",
	"/Encounter?class=http://hl7.org/fhir/v3/ActCode|IMP,http://hl7.org/fhir/v3/ActCode|ACUTE,http://hl7.org/fhir/v3/ActCode|NONAC",
	"/ProcedureRequest?status=active",
	"/ImmunizationRecommendation",
	"/Appointment?status=booked,pending,proposed",
	"/DeviceRequest?status=active&_include=DeviceRequest:device",
}

// encode URL-encodes a search the way pgoclient does.
func encode(p string) string {
	typ, rest, _ := strings.Cut(strings.TrimPrefix(p, "/"), "?")
	typ, op, _ := strings.Cut(typ, "/")
	params := ""
	if op != "" {
		params = "/" + op
	}
	if rest != "" {
		params += "?" + rest
	}
	return pgoclient.Search{Resource: typ, Params: params}.Path()
}

func splitRef(ref string) (string, string) {
	typ, id, _ := strings.Cut(ref, "/")
	return typ, id
}

func TestSearchListMatchesScript(t *testing.T) {
	data, err := os.ReadFile("../../../../shared/fhir/testscripts/STU3/BgZ-3-0/Cert/PHR-Client/medmij-bgz-phr-1-1-retrieve-bgz.xml")
	if err != nil {
		t.Skipf("FHIR material not found (CI has ../shared beside the checkout): %v", err)
	}
	ss, err := pgoclient.ScriptSearches(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != len(bgzSearches) {
		t.Fatalf("script has %d searches, list %d", len(ss), len(bgzSearches))
	}
	for i, s := range ss {
		if got := encode(bgzSearches[i]); got != s.Path() {
			t.Errorf("search %d: list %q, script %q", i+1, got, s.Path())
		}
	}
}

func mustSet(t testing.TB, name string, build func() ([]*fhir.Resource, error)) *dossier.Set {
	t.Helper()
	rs, err := build()
	if err != nil {
		t.Fatal(err)
	}
	set, err := dossier.NewSet(name, "", rs)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestBgZServedByReferenceDVA logs in as each synthetic patient through
// the reference DVA's OAuth flow, runs the 28 BgZ searches, and requires
// every answer to hold matches and to pass the MedMij response checks.
func TestBgZServedByReferenceDVA(t *testing.T) {
	set := mustSet(t, "BgZ", BgZ)
	ps, _ := set.Patients(t.Context())
	if len(ps) != 3 {
		t.Fatalf("%d patients", len(ps))
	}
	db := storetest.SQLite(t)
	dva := sandbox.NewDVA(db, set, sandbox.Options{})
	srv := httptest.NewServer(dva)
	defer srv.Close()
	if err := sandbox.RegisterClient(t.Context(), db, sandbox.Client{ClientID: "pgo.example", Name: "Test", RedirectURIs: []string{"http://127.0.0.1:9/cb"}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if !strings.HasPrefix(strings.Fields(p.Name)[1], "XXX_") {
			t.Errorf("patient %q lacks the XXX_ family-name prefix", p.Name)
		}
		tok := login(t, srv.URL, p.Key)
		for _, s := range bgzSearches {
			status, body := search(t, srv.URL+"/fhir"+encode(s), tok, "application/fhir+json")
			if status != 200 {
				t.Errorf("%s %s: %d %s", p.ID, s, status, body)
				continue
			}
			b, err := fhir.ParseOptions{Version: fhir.STU3}.Parse(body)
			if err != nil {
				t.Fatal(err)
			}
			matches := 0
			for _, e := range b.Entries() {
				if e.SearchMode == "match" {
					matches++
				}
			}
			if matches == 0 {
				t.Errorf("%s %s: no matches", p.ID, s)
			}
			for _, pr := range pgoclient.CheckSearchSet(b) {
				if !pr.Warning {
					t.Errorf("%s %s: %s", p.ID, s, pr)
				}
			}
		}
	}
}

// search sends a FHIR search with the MedMij request headers and answers
// the status and body.
func search(t *testing.T, u, tok, accept string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("MedMij-Request-ID", "5d2b1f0e-0000-4000-8000-000000000001")
	req.Header.Set("X-Correlation-ID", "5d2b1f0e-0000-4000-8000-0000000000c1")
	req.Header.Set("Accept", accept)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

func login(t *testing.T, base, key string) string {
	t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	q := url.Values{"response_type": {"code"}, "client_id": {"pgo.example"}, "redirect_uri": {"http://127.0.0.1:9/cb"},
		"scope": {"ketentest~48"}, "state": {"s"}, "MedMij-Request-ID": {"5d2b1f0e-0000-4000-8000-000000000002"},
		"X-Correlation-ID": {"5d2b1f0e-0000-4000-8000-0000000000c1"}, "patient": {key}, "decision": {"allow"}}
	resp, err := hc.PostForm(base+"/oauth/authorize", q)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || loc == nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")}, "redirect_uri": {"http://127.0.0.1:9/cb"}, "client_id": {"pgo.example"}}
	req, _ := http.NewRequest("POST", base+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("MedMij-Request-ID", "5d2b1f0e-0000-4000-8000-000000000003")
	req.Header.Set("X-Correlation-ID", "5d2b1f0e-0000-4000-8000-0000000000c1")
	resp, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tr sandbox.TokenResponse
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil || tr.AccessToken == "" {
		t.Fatalf("token: %d %v", resp.StatusCode, err)
	}
	return tr.AccessToken
}

// TestVaccinationsPassChecks builds per patient the searchset a DVA
// answers Immunization?status=completed with (plus the included
// Patient, Medication and Practitioner) and runs the MedMij checks on it.
func TestVaccinationsPassChecks(t *testing.T) {
	set := mustSet(t, "Vaccinaties", Vaccinations)
	if set.FHIRVersion != fhir.R4 {
		t.Fatalf("version %s", set.FHIRVersion)
	}
	ps, _ := set.Patients(t.Context())
	if len(ps) != 2 {
		t.Fatalf("%d patients", len(ps))
	}
	for _, p := range ps {
		d, _ := set.Dossier(t.Context(), p.Key)
		var entries []fhir.Entry
		for _, r := range d.OfType("Immunization") {
			entries = append(entries, fhir.Entry{FullURL: "https://dva.example/fhir/Immunization/" + r.ID(), Resource: r})
		}
		if len(entries) < 3 {
			t.Errorf("%s: %d vaccinations", p.ID, len(entries))
		}
		n := len(entries)
		for _, typ := range []string{"Patient", "Medication", "Practitioner", "Organization"} {
			for _, r := range d.OfType(typ) {
				entries = append(entries, fhir.Entry{FullURL: "https://dva.example/fhir/" + typ + "/" + r.ID(), Resource: r, SearchMode: "include"})
			}
		}
		b := fhir.NewSearchSet(fhir.R4, n, []fhir.BundleLink{{Relation: "self", URL: "https://dva.example/fhir/Immunization?status=completed"}}, entries)
		for _, pr := range pgoclient.CheckSearchSet(b) {
			t.Errorf("%s: %s", p.ID, pr)
		}
		for _, r := range d.OfType("Immunization") {
			for _, ref := range r.Root.Strings("extension.valueReference.reference") {
				if d.Lookup(ref) == nil {
					t.Errorf("%s: unresolvable %s", r.ID(), ref)
				}
			}
		}
	}
}

// TestEveryCodingComplete asserts the conventions of both demo dossiers
// directly: profiles, codings with system, code and display, identifiers
// with a system, references with a display that resolve, no BSN.
func TestEveryCodingComplete(t *testing.T) {
	for _, build := range []func() ([]*fhir.Resource, error){BgZ, Vaccinations} {
		rs, err := build()
		if err != nil {
			t.Fatal(err)
		}
		set, err := dossier.NewSet("x", "", rs)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			where := r.Type() + "/" + r.ID()
			if len(r.Profiles()) != 1 || !strings.HasPrefix(r.Profiles()[0], "http://") {
				t.Errorf("%s: profiles %v", where, r.Profiles())
			}
			walk(r.Root, func(n *fhir.Node) {
				switch {
				case n.Name == "coding":
					if n.String("system") == "" || n.String("code") == "" || n.String("display") == "" {
						t.Errorf("%s: incomplete coding", where)
					}
				case n.Name == "identifier":
					if n.String("system") == "" || n.String("value") == "" {
						t.Errorf("%s: identifier without system or value", where)
					}
					if strings.Contains(n.String("system"), "bsn") {
						t.Errorf("%s: a BSN", where)
					}
				case n.Child("reference") != nil && n.Child("reference").Kind.HasValue():
					if n.String("display") == "" {
						t.Errorf("%s: reference %s without display", where, n.String("reference"))
					}
					if set.Find(splitRef(n.String("reference"))) == nil {
						t.Errorf("%s: reference %s does not resolve", where, n.String("reference"))
					}
				}
			})
			for _, f := range []func(*fhir.Resource) ([]byte, error){fhir.MarshalJSON, fhir.MarshalXML} {
				data, err := f(r)
				if err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				back, err := fhir.ParseOptions{Version: r.Version}.Parse(data)
				if err != nil || !back.Root.Equal(r.Root) {
					t.Errorf("%s: round trip: %v", where, err)
				}
			}
		}
	}
}

func walk(n *fhir.Node, fn func(*fhir.Node)) {
	for _, c := range n.Children {
		fn(c)
		walk(c, fn)
	}
}

func TestLoadDemoIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := dossier.NewStore(db)
		for range 2 {
			if _, err := LoadDemo(t.Context(), st, 0, 0); err != nil {
				t.Fatal(err)
			}
		}
		all, err := st.ListFor(t.Context(), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].Name != DemoBgZName || all[0].Kind != dossier.KindHappyFlow || all[1].FHIRVersion != fhir.R4 || all[1].ServiceID != "63" {
			t.Fatalf("dossiers %+v", all)
		}
		ps, err := st.Patients(t.Context())
		if err != nil || len(ps) != 5 {
			t.Fatalf("%d patients, %v", len(ps), err)
		}
	})
}

// TestBombServedByReferenceDVA: the reference DVA answers every BgZ search
// on a bommendossier without failing, and what it answers parses.
func TestBombServedByReferenceDVA(t *testing.T) {
	rs, err := Bomb(BombOptions{Seed: 5, Resources: 800, MaxString: 1 << 16})
	if err != nil {
		t.Fatal(err)
	}
	set, err := dossier.NewSet("Bom", "", rs)
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.SQLite(t)
	srv := httptest.NewServer(sandbox.NewDVA(db, set, sandbox.Options{}))
	defer srv.Close()
	if err := sandbox.RegisterClient(t.Context(), db, sandbox.Client{ClientID: "pgo.example", Name: "Test", RedirectURIs: []string{"http://127.0.0.1:9/cb"}}); err != nil {
		t.Fatal(err)
	}
	tok := login(t, srv.URL, "bomb-patient-1")
	total := 0
	for _, s := range bgzSearches {
		for _, format := range []string{"application/fhir+json", "application/fhir+xml"} {
			status, body := search(t, srv.URL+"/fhir"+encode(s), tok, format)
			if status != 200 {
				t.Errorf("%s (%s): %d %.300s", s, format, status, body)
				continue
			}
			b, err := fhir.ParseOptions{Version: fhir.STU3}.Parse(body)
			if err != nil {
				t.Errorf("%s (%s): %v", s, format, err)
				continue
			}
			total += len(b.Entries())
		}
	}
	if total == 0 {
		t.Error("the bommendossier matched no search")
	}
	t.Logf("%d entries served", total)
}
