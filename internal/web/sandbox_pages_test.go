package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestSandboxParticipantPage(t *testing.T) {
	db := storetest.SQLite(t)
	e := newEnv(t, db)
	ctx := t.Context()
	if err := sandbox.RegisterClient(ctx, db, sandbox.Client{ClientID: "pgo.example", Name: "Voorbeeld-PGO", RedirectURIs: []string{"https://pgo.example/cb"}, HackathonID: e.hid}); err != nil {
		t.Fatal(err)
	}
	st := dossier.NewStore(db)
	id, err := st.Create(ctx, e.hid, "Synthetisch", "48", fhir.STU3)
	if err != nil {
		t.Fatal(err)
	}
	p, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(`{"resourceType":"Patient","id":"p1","name":[{"family":"XXX_Testpersoon","given":["Anna"]}],"birthDate":"1970-01-01"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddVersion(ctx, id, "", []*fhir.Resource{p}); err != nil {
		t.Fatal(err)
	}
	status, body, _ := e.do("admin", "GET", fmt.Sprintf("/hackathons/%d/sandbox", e.hid), "", "")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{"pgo.example", "https://pgo.example/cb", "Anna XXX_Testpersoon", "1970-01-01",
		"<td>STU3</td>", "<td>R4</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
