package web_test

import (
	"fmt"
	"github.com/ketentest/ketentest/internal/app"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/sandbox"
	"github.com/ketentest/ketentest/internal/store"
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
	for _, want := range []string{"pgo.example", "https://pgo.example/cb", "Anna XXX_Testpersoon", "1 jan 1970",
		"<td>STU3</td>", "<td>R4</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestSandboxExamplesUseOwnClient: the curl examples on the participant
// page use the client of the viewer's organisation (its first redirect
// URI, escaped for the URL and the shell), and otherwise a placeholder
// with the advice to register a client first.
func TestSandboxExamplesUseOwnClient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, app.Options{SandboxURL: "https://sandbox.test"})
		ctx := t.Context()
		page := fmt.Sprintf("/hackathons/%d/sandbox", e.hid)
		examples := func() string {
			t.Helper()
			status, body, _ := e.do("deelnemer", "GET", page, "", "")
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			i := strings.Index(body, `id="examples"`)
			if i < 0 {
				t.Fatal("page has no examples section")
			}
			return body[i:]
		}
		// another organisation's client, first by client_id, is not used
		other, _ := e.srv.Hackathons.CreateOrganisation(ctx, "Ander BV", "pgo")
		if err := sandbox.RegisterOwnedClient(ctx, db, sandbox.Client{ClientID: "aaa.example", RedirectURIs: []string{"https://aaa.example/cb"}, HackathonID: e.hid},
			sandbox.Owner{UserID: e.users["admin"].ID, OrganisationID: other}); err != nil {
			t.Fatal(err)
		}
		ex := examples()
		for _, want := range []string{"client_id=pgo.example.nl", "redirect_uri=http%3A%2F%2Flocalhost%3A8000%2Fcallback", "registreer eerst een client", `href="#client-form"`} {
			if !strings.Contains(ex, want) {
				t.Errorf("without a client, examples lack %q", want)
			}
		}
		if strings.Contains(ex, "aaa.example") {
			t.Error("examples use another organisation's client")
		}

		var org int64
		if err := db.QueryRow(ctx, "SELECT organisation_id FROM hackathon_members WHERE hackathon_id = ? AND user_id = ?", e.hid, e.users["deelnemer"].ID).Scan(&org); err != nil || org == 0 {
			t.Fatalf("deelnemer's organisation: %d %v", org, err)
		}
		// registered by a colleague of the same organisation
		if err := sandbox.RegisterOwnedClient(ctx, db, sandbox.Client{ClientID: "mijnpgo.example", RedirectURIs: []string{"https://mijnpgo.example/cb?app=o'k", "https://mijnpgo.example/second"}, HackathonID: e.hid},
			sandbox.Owner{UserID: e.users["test"].ID, OrganisationID: org}); err != nil {
			t.Fatal(err)
		}
		ex = examples()
		for _, want := range []string{"client_id=mijnpgo.example&amp;redirect_uri=https%3A%2F%2Fmijnpgo.example%2Fcb%3Fapp%3Do%27k&amp;",
			`--data-urlencode redirect_uri=&#39;https://mijnpgo.example/cb?app=o&#39;\&#39;&#39;k&#39; -d client_id=&#39;mijnpgo.example&#39;`,
			"--data-urlencode refresh_token=\"$REFRESH\" -d client_id=&#39;mijnpgo.example&#39;", "je organisatie"} {
			if !strings.Contains(ex, want) {
				t.Errorf("with a client, examples lack %q", want)
			}
		}
		for _, not := range []string{"pgo.example.nl", "registreer eerst", "aaa.example", "/second"} {
			if strings.Contains(ex, not) {
				t.Errorf("with a client, examples still show %q", not)
			}
		}
	})
}

// TestSandboxPageOwnPatients: the participant page lists the test patients
// of its own hackathon only, and a hostile name is shown cut short.
func TestSandboxPageOwnPatients(t *testing.T) {
	db := storetest.SQLite(t)
	e := newEnv(t, db)
	ctx := t.Context()
	other, err := e.srv.Hackathons.Create(ctx, hackathon.Input{Code: "ANDER", Name: "Andere hackathon", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, e.users[string(blueprint.RoleProjectleider)].ID)
	if err != nil {
		t.Fatal(err)
	}
	st := dossier.NewStore(db)
	store := func(hid int64, name, patient string) {
		t.Helper()
		id, err := st.Create(ctx, hid, name, "48", fhir.STU3)
		if err != nil {
			t.Fatal(err)
		}
		p, err := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(fmt.Sprintf(`{"resourceType":"Patient","id":"p1","name":[{"text":%q}],"birthDate":"1970-01-01"}`, patient)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddVersion(ctx, id, "", []*fhir.Resource{p}); err != nil {
			t.Fatal(err)
		}
	}
	store(e.hid, "Eigen", "Anna XXX_Eigen"+strings.Repeat("Z", 100_000))
	store(other.ID, "Ander", "Bert XXX_Ander")
	store(0, "Zonder", "Cees XXX_Zonder")
	status, body, _ := e.do("admin", "GET", fmt.Sprintf("/hackathons/%d/sandbox", e.hid), "", "")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if !strings.Contains(body, "Anna XXX_Eigen") || strings.Contains(body, "XXX_Ander") || strings.Contains(body, "XXX_Zonder") {
		t.Errorf("participant page: own patient %v, another hackathon's %v, no hackathon's %v",
			strings.Contains(body, "Anna XXX_Eigen"), strings.Contains(body, "XXX_Ander"), strings.Contains(body, "XXX_Zonder"))
	}
	if strings.Contains(body, strings.Repeat("Z", 1000)) || !strings.Contains(body, "…") {
		t.Error("the long name is not cut short")
	}
}
