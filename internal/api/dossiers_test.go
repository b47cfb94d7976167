package api_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestDossiersAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		doc := loadDoc(t)
		hid, _ := strconv.ParseInt(e.vars["hid"], 10, 64)
		p, _ := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(`{"resourceType":"Patient","id":"p1","name":[{"text":"Ria XXX_Zorg"}]}`))
		id, err := dossier.NewStore(db).CreateWith(t.Context(), dossier.New{HackathonID: hid, Name: "API-dossier", Kind: dossier.KindKwalificatie,
			ServiceID: "48", FHIRVersion: fhir.STU3}, dossier.Meta{Source: "test"}, []*fhir.Resource{p})
		if err != nil {
			t.Fatal(err)
		}
		e.vars["did"] = strconv.FormatInt(id, 10)
		var zb bytes.Buffer
		zw := zip.NewWriter(&zb)
		w, _ := zw.Create("../evil.json")
		w.Write([]byte(`{"resourceType":"Patient","id":"x"}`))
		zw.Close()
		const d = "/api/v1/hackathons/{hid}/dossiers"
		fj := map[string]string{"Content-Type": "application/fhir+json"}
		tx := `{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Flag","id":"f1","status":"active","subject":{"reference":"Patient/p1","display":"Ria"}},"request":{"method":"PUT","url":"Flag/f1"}}]}`
		e.run(t, []scenario{
			{name: "list", as: "observer", method: "GET", url: d, status: http.StatusOK, contains: []string{`"name": "API-dossier"`, `"kind": "kwalificatie"`, `"resources": 1`}},
			{name: "no role", as: "nobody", method: "GET", url: d, status: http.StatusForbidden},
			{name: "get", as: "participant", method: "GET", url: d + "/{did}", status: http.StatusOK, contains: []string{`"versions"`, `"source": "test"`}},
			{name: "unknown", as: "observer", method: "GET", url: d + "/999999", status: http.StatusNotFound},
			{name: "bundle", as: "observer", method: "GET", url: d + "/{did}/bundle", status: http.StatusOK, contains: []string{`"resourceType":"Bundle"`, `"type":"collection"`, "XXX_Zorg"},
				headers: map[string]string{"Content-Type": "application/fhir+json"}},
			{name: "bad version", as: "observer", method: "GET", url: d + "/{did}/bundle?version=x", status: http.StatusBadRequest},
			{name: "import needs manage", as: "observer", method: "POST", url: d + "/{did}/versions", body: tx, header: fj, status: http.StatusForbidden},
			{name: "merge a transaction", as: "tech", method: "POST", url: d + "/{did}/versions?mode=merge&note=flag", body: tx, header: fj,
				status: http.StatusCreated, contains: []string{`"version": 2`, `"resources": 2`}, headers: map[string]string{"Location": "/dossiers/"}},
			{name: "bad mode", as: "tech", method: "POST", url: d + "/{did}/versions?mode=append", body: tx, header: fj, status: http.StatusBadRequest, contains: []string{`"field":"mode"`}},
			{name: "broken xml", as: "tech", method: "POST", url: d + "/{did}/versions", body: "<Patient xmlns=\"http://hl7.org/fhir\">\n<id value=\"p\"/>\n<name></naam>\n</Patient>",
				header: map[string]string{"Content-Type": "application/fhir+xml"}, status: http.StatusBadRequest, contains: []string{`"field":"body"`, "line 3, column"}},
			{name: "traversal", as: "tech", method: "POST", url: d + "/{did}/versions", body: zb.String(),
				header: map[string]string{"Content-Type": "application/zip"}, status: http.StatusBadRequest, contains: []string{"unsafe path"}},
			{name: "delete what is not there", as: "tech", method: "POST", url: d + "/{did}/versions?mode=merge",
				body: `{"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"DELETE","url":"Flag/nope"}}]}`, header: fj,
				status: http.StatusBadRequest, contains: []string{"Flag/nope"}},
			{name: "still version 2", as: "observer", method: "GET", url: d + "/{did}", status: http.StatusOK, contains: []string{`"version": 2`}},
		}, doc)
		e.run(t, []scenario{
			{name: "bundle as xml", as: "observer", method: "GET", url: d + "/{did}/bundle?version=1&_format=xml", status: http.StatusOK,
				contains: []string{`<Bundle xmlns="http://hl7.org/fhir">`, "XXX_Zorg"}, absent: []string{"Flag"},
				headers: map[string]string{"Content-Type": "application/fhir+xml"}},
		}, nil)
	})
}

// TestDossierImportsConcurrently: merges posted at the same time each become
// a version on top of the others; none is lost (issue #10). ?base_version
// names the version an import builds on and gives 409 when it moved on.
func TestDossierImportsConcurrently(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		hid, _ := strconv.ParseInt(e.vars["hid"], 10, 64)
		p, _ := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(`{"resourceType":"Patient","id":"p0"}`))
		st := dossier.NewStore(db)
		id, err := st.CreateWith(t.Context(), dossier.New{HackathonID: hid, Name: "Samen", Kind: dossier.KindKwalificatie,
			ServiceID: "48", FHIRVersion: fhir.STU3}, dossier.Meta{Source: "test"}, []*fhir.Resource{p})
		if err != nil {
			t.Fatal(err)
		}
		url := fmt.Sprintf("/api/v1/hackathons/%d/dossiers/%d/versions", hid, id)
		fj := map[string]string{"Content-Type": "application/fhir+json"}
		const n = 6
		var wg sync.WaitGroup
		for i := 1; i <= n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if r := e.do("tech", "POST", url+"?mode=merge", fmt.Sprintf(`{"resourceType":"Patient","id":"p%d"}`, i), fj); r.status != http.StatusCreated {
					t.Errorf("merge %d: %d %s", i, r.status, r.body)
				}
			}()
		}
		wg.Wait()
		set, err := st.Version(t.Context(), id, 0)
		if err != nil || len(set.Resources) != n+1 {
			t.Errorf("latest version has %d resources after %d concurrent merges, want %d (%v)", len(set.Resources), n, n+1, err)
		}
		if r := e.do("tech", "POST", url+"?mode=merge&base_version=1", `{"resourceType":"Patient","id":"late"}`, fj); r.status != http.StatusConflict ||
			!strings.Contains(r.body, fmt.Sprintf("version %d now, not 1", n+1)) {
			t.Errorf("import on an old base: %d %s, want 409", r.status, r.body)
		}
		if r := e.do("tech", "POST", url+fmt.Sprintf("?mode=merge&base_version=%d", n+1), `{"resourceType":"Patient","id":"late"}`, fj); r.status != http.StatusCreated {
			t.Errorf("import on the latest base: %d %s", r.status, r.body)
		}
		if r := e.do("tech", "POST", url+"?base_version=x", `{"resourceType":"Patient","id":"x"}`, fj); r.status != http.StatusBadRequest || !strings.Contains(r.body, "base_version") {
			t.Errorf("bad base_version: %d %s", r.status, r.body)
		}
	})
}
