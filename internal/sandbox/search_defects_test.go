package sandbox

import (
	"bytes"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

const pdfaCert = "../../../shared/fhir/testscripts/STU3/PDFA-3-0/Cert"

// pdfaEnv serves the BgZ Cert dossier (48) and the PDF/A Cert dossier (51),
// whose fixtures hold ${DATE, T, D, -n} placeholders.
func pdfaEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	rs, err := dossier.LoadDir(filepath.Join(pdfaCert, "_reference", "resources"), fhir.STU3)
	if err != nil {
		t.Skipf("PDF/A fixtures: %v", err)
	}
	set, err := dossier.NewSet("PDF/A", "pdfa:", rs)
	if err != nil {
		t.Fatal(err)
	}
	return newEnvSource(t, db, Merge(ForService("48", bgzSet(t)), ForService("51", set)), testPatient, Options{})
}

func day(n int) string {
	return time.Now().In(date.DefaultLocation()).AddDate(0, 0, n).Format("2006-01-02")
}

// searchIDs runs a search and returns the ids of the matches and the Bundle.
func searchIDs(t *testing.T, e *env, path, token string, hdr map[string]string) ([]string, *fhir.Resource) {
	t.Helper()
	resp, body := e.fhirGet(t, path, token, hdr)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, trunc(body))
	}
	b, err := fhir.Parse(body)
	if err != nil || b.Type() != "Bundle" {
		t.Fatalf("%s: %v %s", path, err, trunc(body))
	}
	var ids []string
	for _, en := range b.Entries() {
		if en.SearchMode == "match" {
			ids = append(ids, en.Resource.ID())
		}
	}
	return ids, b
}

// TestDateSearchHonoured: date parameters narrow the result (they were
// ignored: every resource came back).
func TestDateSearchHonoured(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := pdfaEnv(t, db)
		bgz := e.token(t).AccessToken
		p3 := e.as("pdfa:example-pdfa-kwalificatie3", "ketentest~51").token(t).AccessToken
		p2 := e.as("pdfa:example-pdfa-kwalificatie2", "ketentest~51").token(t).AccessToken
		for _, c := range []struct {
			path, token string
			want        int
		}{
			{"/fhir/Condition", bgz, -1},
			{"/fhir/Condition?onset-date=ge2100-01-01", bgz, 0},
			{"/fhir/MedicationRequest?periodofuse=le2010-01-01", bgz, 0},
			{"/fhir/MedicationRequest?periodofuse=ge2016-08-15", bgz, 1},
			{"/51/fhir/DocumentReference?indexed=ge" + day(-730) + "&indexed=le" + day(-365) + "&status=current", p3, 0},
			{"/51/fhir/DocumentReference?indexed=ge" + day(-903) + "&indexed=le" + day(-899) + "&status=current", p3, 1},
			{"/51/fhir/DocumentReference?indexed=ge" + day(-1000), p3, 2},
			{"/51/fhir/DocumentManifest?status=current", p2, 2},
			{"/51/fhir/DocumentManifest?status=current&created=ge" + day(-365) + "&created=le" + day(-60), p2, 1},
			{"/51/fhir/DocumentManifest?created=" + day(-30), p2, 1},
		} {
			ids, _ := searchIDs(t, e, c.path, c.token, nil)
			if c.want < 0 && len(ids) == 0 || c.want >= 0 && len(ids) != c.want {
				t.Errorf("%s: %d matches %v, want %d", c.path, len(ids), ids, c.want)
			}
		}
	})
}

// TestDatePlaceholdersResolved: fixtures' ${DATE, T, D, -n} are served as
// dates relative to today.
func TestDatePlaceholdersResolved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := pdfaEnv(t, db)
		p2 := e.as("pdfa:example-pdfa-kwalificatie2", "ketentest~51").token(t).AccessToken
		for _, accept := range []string{"application/fhir+json", "application/fhir+xml"} {
			resp, body := e.fhirGet(t, "/51/fhir/DocumentManifest?_count=10", p2, map[string]string{"Accept": accept})
			if resp.StatusCode != 200 || bytes.Contains(body, []byte("${")) || !bytes.Contains(body, []byte(day(-355))) || !bytes.Contains(body, []byte(day(-30)+"T00:00:00+01:00")) {
				t.Errorf("%s: %d %s", accept, resp.StatusCode, trunc(body))
			}
		}
	})
}

// TestCountAndPaging: _count limits a page, next links walk the rest, the
// pages together are the whole result once each.
func TestCountAndPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := pdfaEnv(t, db)
		tok := e.token(t).AccessToken
		all, _ := searchIDs(t, e, "/fhir/Observation", tok, nil)
		if len(all) < 3 {
			t.Fatalf("only %d observations", len(all))
		}
		var walked []string
		path := "/fhir/Observation?_count=1"
		for pages := 0; path != ""; pages++ {
			if pages > len(all) {
				t.Fatal("paging does not end")
			}
			ids, b := searchIDs(t, e, path, tok, nil)
			if len(ids) != 1 || b.String("total") != strconv.Itoa(len(all)) {
				t.Fatalf("%s: %v total %s", path, ids, b.String("total"))
			}
			walked = append(walked, ids...)
			path = ""
			for _, l := range b.Get("link") {
				if l.String("relation") == "next" {
					u, err := url.Parse(l.String("url"))
					if err != nil || !strings.HasPrefix(l.String("url"), e.srv.URL) {
						t.Fatalf("next link %q", l.String("url"))
					}
					path = u.RequestURI()
				}
			}
		}
		if strings.Join(walked, ",") != strings.Join(all, ",") {
			t.Errorf("pages %v, all %v", walked, all)
		}
		_, b := searchIDs(t, e, "/fhir/Observation?_summary=count", tok, nil)
		if b.String("total") != strconv.Itoa(len(all)) || len(b.Entries()) != 0 {
			t.Errorf("_summary=count: total %s, %d entries", b.String("total"), len(b.Entries()))
		}
	})
}

// TestAcceptQValues: the weights of Accept decide the format.
func TestAcceptQValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := pdfaEnv(t, db)
		tok := e.token(t).AccessToken
		for accept, want := range map[string]string{
			"application/fhir+xml;q=0.1, application/fhir+json":     "application/fhir+json",
			"application/fhir+json;q=0.2, application/fhir+xml":     "application/fhir+xml",
			"application/fhir+json;q=0, application/fhir+xml;q=0.5": "application/fhir+xml",
			"application/fhir+xml":                                  "application/fhir+xml",
			"*/*":                                                   "application/fhir+json",
		} {
			resp, body := e.fhirGet(t, "/fhir/Patient", tok, map[string]string{"Accept": accept})
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), want) {
				t.Errorf("Accept %q: %d %s, want %s %s", accept, resp.StatusCode, resp.Header.Get("Content-Type"), want, trunc(body))
			}
		}
	})
}

// TestBinaryRaw: a Binary read that accepts application/pdf gets the PDF.
func TestBinaryRaw(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := pdfaEnv(t, db)
		p1 := e.as("pdfa:example-pdfa-kwalificatie1", "ketentest~51").token(t).AccessToken
		ids, b := searchIDs(t, e, "/51/fhir/DocumentReference", p1, nil)
		if len(ids) == 0 {
			t.Fatal("no documents")
		}
		ref := ""
		for _, en := range b.Entries() {
			if u := en.Resource.String("content.attachment.url"); u != "" && ref == "" {
				ref = u
			}
		}
		if i := strings.Index(ref, "Binary/"); i >= 0 {
			ref = ref[i:]
		}
		if !strings.HasPrefix(ref, "Binary/") {
			t.Fatalf("attachment url %q", ref)
		}
		resp, body := e.fhirGet(t, "/51/fhir/"+ref, p1, map[string]string{"Accept": "application/pdf"})
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF")) {
			t.Errorf("raw: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), trunc(body))
		}
		resp, body = e.fhirGet(t, "/51/fhir/"+ref, p1, map[string]string{"Accept": "application/fhir+json"})
		if r, err := fhir.Parse(body); resp.StatusCode != 200 || err != nil || r.Type() != "Binary" {
			t.Errorf("FHIR: %d %v", resp.StatusCode, err)
		}
	})
}

// TestForbiddenSearches: by BSN and by patient, with an OperationOutcome.
func TestForbiddenSearches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := pdfaEnv(t, db)
		tok := e.token(t).AccessToken
		for _, p := range []string{
			"/fhir/Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn|999911120",
			"/fhir/Patient?identifier=" + url.QueryEscape("http://fhir.nl/fhir/NamingSystem/bsn|999911120"),
			"/fhir/Observation?patient=Patient/" + testPatient,
			"/fhir/Observation?subject:Patient=" + testPatient,
			"/fhir/Observation?patient.identifier=x",
		} {
			resp, body := e.fhirGet(t, p, tok, nil)
			oo, err := fhir.Parse(body)
			if resp.StatusCode != 400 || err != nil || oo.Type() != "OperationOutcome" || oo.String("issue.severity") != "error" {
				t.Errorf("%s: %d %s", p, resp.StatusCode, trunc(body))
			}
		}
	})
}
