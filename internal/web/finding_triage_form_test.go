package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestRefusedTriageKeepsInput (#11 item 8): a refused triage form says in
// Dutch what is wrong, keeps every value typed (text, select, labels, the
// actor) instead of the stored ones, and its URL, opened again, shows the
// finding instead of a 404.
func TestRefusedTriageKeepsInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		cfg := fmt.Sprintf("/hackathons/%d/findings/config", e.hid)
		if status, b, _ := e.form("issue", cfg+"/options", url.Values{"category": {"Autorisatie\nToken"}, "label": {"Epic BgZ\nEpic Vacc"}}); status != http.StatusSeeOther {
			t.Fatalf("options: %d %s", status, b)
		}
		page := e.logFinding("loggingteam", url.Values{"title": {"Formulier onthoudt"}})
		status, b, _ := e.form("triageteam", page+"/triage", url.Values{"category": {"Onbekend"}, "theme": {"Mijn getypte thema"},
			"element": {"Mijn element"}, "severity": {"hoog"}, "labels_present": {"1"}, "labels": {"Epic Vacc"},
			"actor_organisation_id": {e.orgID("Vendor BV")}})
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("refused triage: %d", status)
		}
		for _, want := range []string{"kies een van: Autorisatie, Token", `name="category" list="opt-category" value="Onbekend"`,
			`value="Mijn getypte thema"`, `value="Mijn element"`, `<option value="hoog" selected>`, `<option value="Epic Vacc" selected>`,
			fmt.Sprintf(`<option value="%s" selected>Vendor BV`, e.orgID("Vendor BV"))} {
			if !strings.Contains(b, want) {
				t.Errorf("refused triage form lacks %q", want)
			}
		}
		if strings.Contains(b, "must be one of") {
			t.Error("refused triage form shows English")
		}
		if status, b, _ := e.do("triageteam", "GET", page+"/triage", "", ""); status != http.StatusOK || !strings.Contains(b, "Formulier onthoudt") {
			t.Errorf("opening the triage URL again: %d", status)
		}
		// the stored finding is unchanged and the page shows its own values
		_, b, _ = e.do("triageteam", "GET", page, "", "")
		if strings.Contains(b, "Mijn getypte thema") || strings.Contains(b, `<option value="Epic Vacc" selected>`) {
			t.Error("the refused triage was (partly) saved")
		}
	})
}

// TestFindingFollowUpErrorsInDutch (#11 item 8): a refused follow-up says
// in Dutch what is wrong with each field, not the domain's English.
func TestFindingFollowUpErrorsInDutch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		page := e.logFinding("loggingteam", url.Values{"title": {"Opvolging"}})
		status, b, _ := e.form("triageteam", page+"/followup", url.Values{"tracker_url": {"ftp://tracker.example/1"}, "resolution_due": {"morgen"}})
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("refused follow-up: %d", status)
		}
		for _, want := range []string{"geen datum (jjjj-mm-dd)"} {
			if !strings.Contains(b, want) {
				t.Errorf("refused follow-up lacks %q", want)
			}
		}
		status, b, _ = e.form("triageteam", page+"/followup", url.Values{"tracker_url": {"ftp://tracker.example/1"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(b, "geef een http(s)-link") || strings.Contains(b, "must be an http(s) link") {
			t.Errorf("refused tracker link: %d", status)
		}
		status, b, _ = e.form("triageteam", page+"/visibility", url.Values{"visibility": {"iedereen"}})
		if status == http.StatusUnprocessableEntity && strings.Contains(b, "must be all or involved") {
			t.Error("refused visibility in English")
		}
	})
}
