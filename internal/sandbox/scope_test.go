package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// storedPatients stores one BgZ dossier with the given patients (id →
// name) in hackathon hid and returns the dossier id.
func storedPatients(t *testing.T, db *store.DB, hid int64, name string, patients map[string]string) int64 {
	t.Helper()
	st := dossier.NewStore(db)
	id, err := st.Create(t.Context(), hid, name, "48", fhir.STU3)
	if err != nil {
		t.Fatal(err)
	}
	var rs []*fhir.Resource
	for pid, pname := range patients {
		r, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(fmt.Sprintf(`{"resourceType":"Patient","id":%q,"name":[{"text":%q}],"birthDate":"1970-01-01"}`, pid, pname)))
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	if _, err := st.AddVersion(t.Context(), id, "", rs); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestHackathonScope: a client sees, and gets tokens for, only the test
// patients of its own hackathon; a token for a patient of another
// hackathon (however it came about) reads nothing.
func TestHackathonScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		users := newUsers(t, db, 1)
		h1 := newHackathon(t, db, "SC1", "Scope 1", users[0])
		h2 := newHackathon(t, db, "SC2", "Scope 2", users[0])
		d1 := storedPatients(t, db, h1.ID, "Eigen", map[string]string{"p1": "Anna XXX_Eigen"})
		d2 := storedPatients(t, db, h2.ID, "Ander", map[string]string{"p2": "Bert XXX_Ander"})
		own, other := fmt.Sprintf("%d:p1", d1), fmt.Sprintf("%d:p2", d2)
		e := newEnvSource(t, db, dossier.NewStore(db), own, Options{})
		if err := RegisterClient(ctx, db, Client{ClientID: testClient, RedirectURIs: []string{testRedirect}, HackathonID: h1.ID}); err != nil {
			t.Fatal(err)
		}

		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/oauth/authorize?"+authParams().Encode(), nil)
		resp, body := e.do(t, req)
		if resp.StatusCode != 200 || !strings.Contains(string(body), "Anna XXX_Eigen") || strings.Contains(string(body), "XXX_Ander") || strings.Contains(string(body), other) {
			t.Errorf("chooser of a hackathon-1 client: %d, own patient %v, other hackathon's patient %v", resp.StatusCode,
				strings.Contains(string(body), "Anna XXX_Eigen"), strings.Contains(string(body), "XXX_Ander"))
		}
		if n := strings.Count(string(body), `name="patient" value="`+own+`"`); n != 1 {
			t.Errorf("own patient listed %d times, want once", n)
		}

		// Choosing another hackathon's patient is refused at every step.
		q := authParams()
		q.Set("patient", other)
		for _, decision := range []string{"", "allow"} {
			q.Set("decision", decision)
			resp, body := e.postForm(t, "/oauth/authorize", q, nil)
			if resp.StatusCode != 400 || resp.Header.Get("Location") != "" {
				t.Errorf("choosing another hackathon's patient (decision %q): %d %q %.200s", decision, resp.StatusCode, resp.Header.Get("Location"), body)
			}
		}

		// A code for a patient of another hackathon (made behind the DVA's
		// back) gives no token.
		now := time.Now().UTC()
		if _, err := db.Exec(ctx, `INSERT INTO sandbox_codes (code_hash, client_id, redirect_uri, patient_key, scope, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, hashSecret("foreign-code"), testClient, testRedirect, other, "ketentest~48", now, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if resp, _ := e.exchange(t, url.Values{"grant_type": {"authorization_code"}, "code": {"foreign-code"}, "redirect_uri": {testRedirect}, "client_id": {testClient}}); resp.StatusCode != 400 {
			t.Errorf("code for another hackathon's patient: %d, want 400", resp.StatusCode)
		}
		// And a token for one reads nothing.
		if _, err := db.Exec(ctx, `INSERT INTO sandbox_tokens (token_hash, kind, client_id, patient_key, scope, created_at, expires_at)
			VALUES (?, 'access', ?, ?, ?, ?, ?)`, hashSecret("foreign-token"), testClient, other, "ketentest~48", now, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/fhir/Patient", "/48/fhir/Patient/p2"} {
			if resp, body := e.fhirGet(t, path, "foreign-token", nil); resp.StatusCode != 403 || strings.Contains(string(body), "XXX_Ander") {
				t.Errorf("%s with a token for another hackathon's patient: %d %.200s", path, resp.StatusCode, body)
			}
		}

		// The own patient works all the way.
		tr := e.token(t)
		if resp, body := e.fhirGet(t, "/48/fhir/Patient", tr.AccessToken, nil); resp.StatusCode != 200 || !strings.Contains(string(body), "XXX_Eigen") {
			t.Errorf("own patient's search: %d", resp.StatusCode)
		}
	})
}

// TestChooserBounded: a hostile dossier cannot blow up the public chooser:
// names are cut short and the list is bounded.
func TestChooserBounded(t *testing.T) {
	db := storetest.SQLite(t)
	var rs []*fhir.Resource
	huge := strings.Repeat("X", 1<<20)
	for i := range 200 + 5 {
		name := fmt.Sprintf("Patient %03d", i)
		if i == 0 {
			name = "Lang" + huge
		}
		r, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(fmt.Sprintf(`{"resourceType":"Patient","id":"p%d","name":[{"text":%q}],"birthDate":%q,"gender":%q}`,
			i, name, "1970-01-01", "male")))
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	set, err := dossier.NewSet("Groot", "", rs)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvSource(t, db, set, "p1", Options{})
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/oauth/authorize?"+authParams().Encode(), nil)
	resp, body := e.do(t, req)
	if resp.StatusCode != 200 {
		t.Fatalf("chooser: %d", resp.StatusCode)
	}
	if len(body) > 200<<10 {
		t.Errorf("chooser is %d bytes, want under 200 KiB", len(body))
	}
	if n := strings.Count(string(body), `name="patient"`); n != 200 {
		t.Errorf("chooser lists %d patients, want %d", n, 200)
	}
	if !strings.Contains(string(body), "LangXXXX") || !strings.Contains(string(body), "…") {
		t.Error("the long name is not shown cut short")
	}
	if !strings.Contains(string(body), "niet alle") {
		t.Error("the chooser does not say that not every patient is listed")
	}
}
