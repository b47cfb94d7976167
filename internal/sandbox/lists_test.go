package sandbox

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestLists compares the published ZAL, OCL and GNL with the golden files
// in testdata (go test -run TestLists -update rewrites them), on both
// stores, and checks their namespaces and root elements.
func TestLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, c := range []Client{
			{ClientID: "pgo.example", Name: "Voorbeeld-PGO", RedirectURIs: []string{"https://pgo.example/cb"}},
			{ClientID: "app.tweede-pgo.example", Name: "", RedirectURIs: []string{"http://localhost:8000/cb"}},
		} {
			if err := RegisterClient(t.Context(), db, c); err != nil {
				t.Fatal(err)
			}
		}
		empty, _ := dossier.NewSet("leeg", "", nil)
		at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC) // after the registrations: the list's own time counts
		d := NewDVA(db, empty, Options{BaseURL: "https://sandbox.ketentest.example", Now: func() time.Time { return at }})
		t.Cleanup(d.Close)
		srv := httptest.NewServer(d)
		t.Cleanup(srv.Close)
		for _, l := range []struct{ path, golden, ns, root string }{
			{"/medmij/zal.xml", "zal.golden.xml", nsZAL, "Zorgaanbiederslijst"},
			{"/medmij/ocl.xml", "ocl.golden.xml", nsOCL, "OAuthclientlist"},
			{"/medmij/gnl.xml", "gnl.golden.xml", nsGNL, "Gegevensdienstnamenlijst"},
		} {
			resp, err := http.Get(srv.URL + l.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/xml; charset=utf-8" {
				t.Fatalf("%s: %d %q", l.path, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			var root struct {
				XMLName     xml.Name
				Tijdstempel string
				Volgnummer  int64
			}
			if err := xml.Unmarshal(body, &root); err != nil {
				t.Fatalf("%s: %v", l.path, err)
			}
			if root.XMLName.Space != l.ns || root.XMLName.Local != l.root || root.Tijdstempel != "2030-01-02T03:04:05Z" || root.Volgnummer != at.Unix() {
				t.Errorf("%s: root %v, Tijdstempel %q, Volgnummer %d", l.path, root.XMLName, root.Tijdstempel, root.Volgnummer)
			}
			golden := filepath.Join("testdata", l.golden)
			if *update && db.Dialect != store.Postgres {
				if err := os.WriteFile(golden, body, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(body, want) {
				t.Errorf("%s differs from %s:\n%s", l.path, golden, body)
			}
		}

		// A client registered after the list's time makes a new OCL version.
		early := NewDVA(db, empty, Options{Now: func() time.Time { return at.AddDate(-10, 0, 0) }})
		t.Cleanup(early.Close)
		b, err := early.OCL(httptest.NewRequest("GET", "/medmij/ocl.xml", nil))
		if err != nil {
			t.Fatal(err)
		}
		var ocl oclList
		if err := xml.Unmarshal(b, &ocl); err != nil {
			t.Fatal(err)
		}
		if ocl.Volgnummer <= early.started.Unix() || ocl.Volgnummer > time.Now().Unix() || len(ocl.Clients) != 2 ||
			ocl.Clients[0].Organisatienaam != "app.tweede-pgo.example" {
			t.Errorf("OCL after registrations: Volgnummer %d (list made %s), clients %+v", ocl.Volgnummer, strconv.FormatInt(early.started.Unix(), 10), ocl.Clients)
		}
	})
}
