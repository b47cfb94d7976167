package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestOrganisationEditsStayInTheirHackathon: the creator of another
// hackathon who adds an organisation to it cannot rename it or change its
// chain roles for everyone; product and version they set stay in their own
// hackathon (issue #9 item 8).
func TestOrganisationEditsStayInTheirHackathon(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		hidA, _ := strconv.ParseInt(e.vars["hid"], 10, 64)
		other, err := hackathon.NewService(db).Create(ctx, hackathon.Input{Code: "OWN", Name: "Eigen hackathon", Variant: "technisch",
			Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, e.users["nobody"].ID)
		if err != nil {
			t.Fatal(err)
		}
		ps := participant.NewService(db, nil)
		oid, err := ps.SetCommitment(ctx, hidA, participant.CommitmentInput{Organisation: "MijnDossier PGO", ChainRole: "pgo", Status: "bevestigd",
			Product: "MijnDossier", ProductVersion: "1.0"}, e.users["lead"].ID)
		if err != nil {
			t.Fatal(err)
		}
		a := fmt.Sprintf("/api/v1/hackathons/%d/organisations/%d", hidA, oid)
		b := fmt.Sprintf("/api/v1/hackathons/%d/organisations", other.ID)
		if r := e.do("nobody", "POST", b, `{"name":"MijnDossier PGO","chain_role":"pgo"}`, nil); r.status != http.StatusCreated {
			t.Fatalf("add to own hackathon: %d %s", r.status, r.body)
		}
		b += "/" + strconv.FormatInt(oid, 10)
		for _, body := range []string{
			`{"name":"Gekaapt BV","chain_roles":["pgo"],"product":"MijnDossier","product_version":"1.0"}`,
			`{"name":"MijnDossier PGO","chain_roles":["xis","pgo"],"product":"MijnDossier","product_version":"1.0"}`,
		} {
			if r := e.do("nobody", "PUT", b, body, nil); r.status != http.StatusForbidden || !strings.Contains(r.body, "platform administrator") {
				t.Errorf("global change of a shared organisation %s: %d %s, want 403", body, r.status, r.body)
			}
		}
		if r := e.do("nobody", "PUT", b, `{"name":"MijnDossier PGO","chain_roles":["pgo"],"product":"Eigen build","product_version":"9.9"}`, nil); r.status != http.StatusOK ||
			!strings.Contains(r.body, `"product":"Eigen build"`) {
			t.Errorf("product in own hackathon: %d %s", r.status, r.body)
		}
		r := e.do("lead", "GET", a, "", nil)
		if r.status != http.StatusOK || !strings.Contains(r.body, `"name":"MijnDossier PGO"`) || !strings.Contains(r.body, `"product":"MijnDossier"`) ||
			!strings.Contains(r.body, `"product_version":"1.0"`) || !strings.Contains(r.body, `"chain_roles":["pgo"]`) {
			t.Errorf("the other hackathon sees a changed organisation: %s", r.body)
		}
		// A platform administrator may rename it; an organisation only in one's own hackathon is one's own.
		if r := e.do("admin", "PUT", b, `{"name":"MijnDossier","chain_roles":["pgo"],"product":"Eigen build","product_version":"9.9"}`, nil); r.status != http.StatusOK {
			t.Errorf("admin rename: %d %s", r.status, r.body)
		}
		own := e.do("nobody", "POST", fmt.Sprintf("/api/v1/hackathons/%d/organisations", other.ID), `{"name":"Tikfout BV","chain_role":"xis"}`, nil)
		ownID := own.json(t)["id"]
		if r := e.do("nobody", "PUT", fmt.Sprintf("/api/v1/hackathons/%d/organisations/%v", other.ID, ownID), `{"name":"Typfout BV","chain_roles":["xis","pgo"]}`, nil); r.status != http.StatusOK {
			t.Errorf("rename of an organisation only in one's own hackathon: %d %s", r.status, r.body)
		}
	})
}
