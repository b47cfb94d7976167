package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestOrganisationFormCannotRenameSharedOrganisation: on the pages too, the
// organiser of another hackathon cannot rename a shared organisation, and
// the product they set stays in their hackathon (issue #9 item 8).
func TestOrganisationFormCannotRenameSharedOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		other, err := e.srv.Hackathons.Create(ctx, hackathon.Input{Code: "OWN", Name: "Eigen", Variant: "technisch",
			Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, e.users["nobody"].ID)
		if err != nil {
			t.Fatal(err)
		}
		ps := participant.NewService(db, nil)
		lead := e.users["projectleider"].ID
		oid, err := ps.SetCommitment(ctx, e.hid, participant.CommitmentInput{Organisation: "MijnDossier PGO", ChainRole: "pgo", Status: "bevestigd", Product: "MijnDossier"}, lead)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ps.SetCommitment(ctx, other.ID, participant.CommitmentInput{Organisation: "MijnDossier PGO", ChainRole: "xis", Status: "benaderd"}, e.users["nobody"].ID); err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/hackathons/%d/organisations/%d", other.ID, oid)
		status, page, _ := e.form("nobody", path, url.Values{"name": {"Gekaapt BV"}, "main_role": {"pgo"}, "product": {"X"}})
		if status != http.StatusForbidden || !strings.Contains(page, "alleen een platformbeheerder") {
			t.Errorf("rename of a shared organisation: %d", status)
		}
		if status, _, _ := e.form("nobody", path, url.Values{"name": {"MijnDossier PGO"}, "main_role": {"pgo"}, "product": {"Eigen build"}}); status != http.StatusSeeOther {
			t.Errorf("product change: %d", status)
		}
		_, page, _ = e.do("projectleider", "GET", fmt.Sprintf("/hackathons/%d/organisations/%d", e.hid, oid), "", "")
		if !strings.Contains(page, "MijnDossier PGO") || strings.Contains(page, "Eigen build") || strings.Contains(page, "Gekaapt") {
			t.Errorf("the first hackathon sees the other's changes")
		}
	})
}
