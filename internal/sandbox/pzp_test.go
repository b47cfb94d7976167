package sandbox

import (
	"fmt"
	"github.com/ketentest/ketentest/internal/sandbox/sandboxtest"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestProactiveCarePlanning answers the PZP searches on an R4 dossier of
// data service "pzp": Consent by scope and category with _include of the
// actors and the source, Procedure and Goal by code and category; then the
// compartment, scope and version rules of reads.
func TestProactiveCarePlanning(t *testing.T) {
	rs := sandboxtest.PZPResources(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := dossier.NewStore(db)
		id, err := st.Create(t.Context(), 0, "PZP", "pzp", fhir.R4)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddVersion(t.Context(), id, "zib2020 examples", rs); err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprintf("%d:nl-core-Patient-01", id)
		e := newEnvSource(t, db, st, key, Options{}).as(key, "ketentest~pzp")
		tr := e.token(t)
		treatment := "scope=" + url.QueryEscape("http://terminology.hl7.org/CodeSystem/consentscope|treatment") +
			"&category=" + url.QueryEscape("http://snomed.info/sct|129125009")
		adr := "scope=" + url.QueryEscape("http://terminology.hl7.org/CodeSystem/consentscope|adr") +
			"&category=" + url.QueryEscape("http://terminology.hl7.org/CodeSystem/consentcategorycodes|acd")
		cases := []struct {
			query   string
			match   map[string]int
			include map[string]int
		}{
			{"Consent?" + treatment + "&_include=Consent:actor", map[string]int{"Consent": 1}, map[string]int{"RelatedPerson": 1, "PractitionerRole": 1}},
			{"Consent?" + adr + "&_include=Consent:actor", map[string]int{"Consent": 2}, map[string]int{"RelatedPerson": 1}},
			{"Consent?" + treatment + "&_include=Consent:source-reference", map[string]int{"Consent": 1}, map[string]int{"Consent": 1}},
			{"Consent", map[string]int{"Consent": 3}, nil},
			{"Procedure?code=" + url.QueryEscape("http://snomed.info/sct|713603004"), map[string]int{"Procedure": 1}, nil},
			{"Procedure", map[string]int{"Procedure": 2}, nil},
			{"Goal?category=" + url.QueryEscape("http://snomed.info/sct|713603004"), map[string]int{"Goal": 1}, nil},
			{"Goal?category=" + url.QueryEscape("http://snomed.info/sct|") + "&_format=xml", map[string]int{"Goal": 1}, nil},
		}
		for _, c := range cases {
			path := "/pzp/fhir/" + c.query
			resp, body := e.fhirGet(t, path, tr.AccessToken, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %s", path, resp.StatusCode, trunc(body))
			}
			b, err := fhir.Parse(body)
			if err != nil {
				t.Fatal(err)
			}
			checkSearchSet(t, path, b)
			serverChecks(t, path, b, map[string]int{})
			match, include := map[string]int{}, map[string]int{}
			for _, en := range b.Entries() {
				if en.SearchMode == "include" {
					include[en.Resource.Type()]++
				} else {
					match[en.Resource.Type()]++
				}
				if strings.Contains(en.Resource.ID(), "TreatmentDirective2-02") {
					t.Errorf("%s: served %s/%s of another patient", path, en.Resource.Type(), en.Resource.ID())
				}
			}
			if fmt.Sprint(match) != fmt.Sprint(c.match) || fmt.Sprint(include) != fmt.Sprint(orEmpty(c.include)) {
				t.Errorf("%s: match %v include %v, want %v %v", path, match, include, c.match, c.include)
			}
			want := 0
			for _, n := range c.match {
				want += n
			}
			if b.String("total") != fmt.Sprint(want) {
				t.Errorf("%s: total %s, want %d", path, b.String("total"), want)
			}
		}

		// Reads: own resources, not another patient's; 410 once removed.
		read := func(path string) int {
			resp, body := e.fhirGet(t, "/pzp/fhir/"+path, tr.AccessToken, nil)
			if resp.StatusCode != 200 {
				if oo, err := fhir.Parse(body); err != nil || oo.Type() != "OperationOutcome" {
					t.Errorf("%s: %d without OperationOutcome: %s", path, resp.StatusCode, trunc(body))
				}
			}
			return resp.StatusCode
		}
		for path, want := range map[string]int{
			"Consent/nl-core-TreatmentDirective2-01": 200, "Goal/kt-acp-doel-1": 200, "Patient/nl-core-Patient-01": 200,
			"PractitionerRole/nl-core-TreatmentDirective2-01-PractitionerRole-01": 200,
			"Consent/nl-core-TreatmentDirective2-02":                              404, "Patient/nl-core-TreatmentDirective2-02-Patient-01": 404,
			"Goal/nope": 404, "Observation/nl-core-Patient-01": 404,
		} {
			if got := read(path); got != want {
				t.Errorf("read %s: %d, want %d", path, got, want)
			}
		}
		var v2 []*fhir.Resource
		for _, r := range rs {
			if r.ID() != "kt-acp-doel-1" && r.ID() != "nl-core-TreatmentDirective2-02" {
				v2 = append(v2, r)
			}
		}
		if _, err := st.AddVersion(t.Context(), id, "goal withdrawn", v2); err != nil {
			t.Fatal(err)
		}
		// A search answered before the new version is not answered from the old one.
		resp, body := e.fhirGet(t, "/pzp/fhir/"+cases[6].query, tr.AccessToken, nil)
		if b, err := fhir.Parse(body); err != nil || resp.StatusCode != 200 || len(b.Entries()) != 0 {
			t.Errorf("goal search after version 2: %d %s", resp.StatusCode, trunc(body))
		}
		for path, want := range map[string]int{
			"Goal/kt-acp-doel-1":                     410, // removed for this patient
			"Consent/nl-core-TreatmentDirective2-02": 404, // removed, but never this patient's
			"Goal/nope":                              404,
			"Consent/nl-core-TreatmentDirective2-01": 200,
		} {
			if got := read(path); got != want {
				t.Errorf("after version 2, read %s: %d, want %d", path, got, want)
			}
		}

		// Scopes per data service.
		for path, want := range map[string]int{
			"/48/fhir/Patient":            403, // not in the token's scope
			"/63/fhir/Immunization":       403,
			"/fhir/Consent":               200, // the dossier's own service
			"/pzp/fhir/Consent":           200,
			"/pzp/fhir/CarePlanX":         400,
			"/pzp/fhir/metadata":          200,
			"/nope/fhir/Consent":          404,
			"/pzp/fhir/Consent?_format=x": 406,
		} {
			resp, body := e.fhirGet(t, path, tr.AccessToken, nil)
			if resp.StatusCode != want {
				t.Errorf("%s: %d, want %d: %s", path, resp.StatusCode, want, trunc(body))
			}
			if want == 403 && !strings.Contains(resp.Header.Get("WWW-Authenticate"), "insufficient_scope") {
				t.Errorf("%s: WWW-Authenticate %q", path, resp.Header.Get("WWW-Authenticate"))
			}
		}
		// A BgZ scope cannot log in as this patient.
		bgz := e.as(key, "ketentest~48")
		q := authParams()
		q.Set("patient", key)
		resp, body = bgz.postForm(t, "/oauth/authorize", q, nil)
		if resp.StatusCode != 200 || !strings.Contains(string(body), "geen dossier") {
			t.Errorf("patient of another data service: %d %s", resp.StatusCode, trunc(body))
		}
	})
}

func orEmpty(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}
