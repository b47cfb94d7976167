package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

var (
	// machineParts are the parts of a page a person does not read as
	// text: tags (with their attributes, e.g. input values and datetime),
	// code, scripts and form fields holding machine values.
	machineParts = regexp.MustCompile(`(?s)<(code|pre|script|style|textarea)\b.*?</(code|pre|script|style|textarea)>|<[^>]*>`)
	isoDate      = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)
)

// visibleISODates lists the yyyy-mm-dd dates in the text a person reads.
func visibleISODates(page string) []string {
	return isoDate.FindAllString(machineParts.ReplaceAllString(page, " "), -1)
}

func mustHackathon(t *testing.T, e *env) *hackathon.Hackathon {
	t.Helper()
	h, err := e.srv.Hackathons.Get(t.Context(), e.hid)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestDatesShownOneWay (#11 item 9): every page shows a date the one way
// the interface has ("10 jan 2027"), never as 2027-01-10 beside it; only
// form fields, code and machine attributes keep the ISO form.
func TestDatesShownOneWay(t *testing.T) {
	db := storetest.SQLite(t)
	e := newEnv(t, db)
	ctx := t.Context()
	ps := participant.NewService(db, nil)
	if err := ps.SaveSettings(ctx, e.hid, participant.Settings{Open: true, PrivacyText: "Privacy."}, e.users["admin"].ID); err != nil {
		t.Fatal(err)
	}
	st := dossier.NewStore(db)
	did, err := st.Create(ctx, e.hid, "Datums", "48", fhir.STU3)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := fhir.ParseOptions{Version: fhir.STU3}.Parse([]byte(`{"resourceType":"Patient","id":"p1","name":[{"family":"XXX_Datum"}],"birthDate":"1970-03-04"}`))
	if _, err := st.AddVersion(ctx, did, "", []*fhir.Resource{p}); err != nil {
		t.Fatal(err)
	}
	res, err := e.srv.App.Participants.Register(ctx, mustHackathon(t, e), participant.Input{Organisation: "Datum BV", ChainRole: "pgo", Name: "Dina Datum",
		Email: "dina@datum.example", AttendKickoff: true, AttendDays: []int{1}, Consent: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	var org string
	if err := db.QueryRow(ctx, "SELECT CAST(organisation_id AS TEXT) FROM registrations WHERE id = ?", res.ID).Scan(&org); err != nil {
		t.Fatal(err)
	}
	h := fmt.Sprintf("/hackathons/%d", e.hid)
	pages := []string{"/", "/my/milestones", h, h + "/phases/1", h + "/phases/6", fmt.Sprintf("%s/milestones/%d", h, e.phase1), h + "/startnote",
		h + "/canvas", h + "/participants", h + "/catering", h + "/organisations", h + "/organisations/" + org, fmt.Sprintf("/register/%d", e.hid),
		h + "/sandbox", fmt.Sprintf("%s/dossiers/%d", h, did), h + "/comms/plan", h + "/comms/calendar", h + "/findings",
		e.logFinding("loggingteam", url.Values{"title": {"Datum"}, "description": {"Gezien."}}), h + "/outbox", h + "/venue", h + "/training"}
	for _, path := range pages {
		status, body, _ := e.do("admin", "GET", path, "", "")
		if status != http.StatusOK {
			t.Errorf("%s: %d", path, status)
			continue
		}
		if got := visibleISODates(body); len(got) > 0 {
			t.Errorf("%s shows dates as yyyy-mm-dd: %s", path, strings.Join(got, ", "))
		}
	}
}
