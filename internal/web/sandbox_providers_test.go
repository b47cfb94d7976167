package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestSandboxPageListsProviders: the participant page lists each care
// provider declared for the hackathon with its own endpoints and scope,
// and none when there are none.
func TestSandboxPageListsProviders(t *testing.T) {
	db := storetest.SQLite(t)
	e := newEnvWith(t, db, app.Options{SandboxURL: "https://sandbox.test"})
	ctx := t.Context()
	page := fmt.Sprintf("/hackathons/%d/sandbox", e.hid)
	if _, body, _ := e.do("admin", "GET", page, "", ""); strings.Contains(body, `id="providers"`) {
		t.Error("providers section without providers")
	}
	st := dossier.NewStore(db)
	for _, name := range []string{"noord", "zuid"} {
		id, err := st.Create(ctx, e.hid, "Ziekenhuis "+name, "48", fhir.STU3)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sandbox.AddHackathonProvider(ctx, db, sandbox.HackathonProvider{HackathonID: e.hid, Path: "ziekenhuis-" + name, Name: "ziekenhuis-" + name, DossierID: id}); err != nil {
			t.Fatal(err)
		}
	}
	status, body, _ := e.do("admin", "GET", page, "", "")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{`id="providers"`, "Zorgaanbieders in deze testomgeving", "Ziekenhuis noord", "Ziekenhuis zuid",
		"https://sandbox.test/ziekenhuis-noord/oauth/authorize", "https://sandbox.test/ziekenhuis-noord/oauth/token",
		"https://sandbox.test/ziekenhuis-zuid/48/fhir", "ziekenhuis-zuid~48"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
