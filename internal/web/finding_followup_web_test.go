package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestVendorFollowsUpOwnFinding: a vendor's participant account (role
// deelnemer for Vendor BV, no Actor role) made responsible for a finding
// through its organisation gets the follow-up form and may use it, on the
// pages and in the API; on a finding of another actor it gets neither.
func TestVendorFollowsUpOwnFinding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		page := e.logFinding("loggingteam", url.Values{"title": {"Token verloopt te vroeg"}, "visibility": {"all"}})
		if status, _, _ := e.form("deelnemer", page+"/status", url.Values{"status": {"in_analyse"}}); status != http.StatusForbidden && status != http.StatusNotFound {
			t.Fatalf("vendor on an unassigned finding: %d, want 403 or 404", status)
		}
		if status, body, _ := e.form("triageteam", page+"/triage", url.Values{"severity": {"hoog"}, "actor_organisation_id": {e.orgID("Vendor BV")}}); status != http.StatusSeeOther {
			t.Fatalf("triage: %d %s", status, body)
		}
		_, body, _ := e.do("deelnemer", "GET", page, "", "")
		if !strings.Contains(body, page+"/followup") || !strings.Contains(body, `name="status"`) {
			t.Fatalf("vendor sees no follow-up form on its finding:\n%s", body)
		}
		if status, body, _ := e.form("deelnemer", page+"/status", url.Values{"status": {"in_analyse"}}); status != http.StatusSeeOther {
			t.Fatalf("vendor to in_analyse: %d %s", status, body)
		}
		if status, body, _ := e.form("deelnemer", page+"/followup", url.Values{"tracker_key": {"VBV-12"}}); status != http.StatusSeeOther {
			t.Fatalf("vendor follow-up: %d %s", status, body)
		}
		// The same rule in the API.
		api := strings.Replace(page, "/hackathons/", "/api/v1/hackathons/", 1)
		if status, body, _ := e.do("deelnemer", "POST", api+"/status", "application/json", `{"status":"opgelost"}`); status != http.StatusOK {
			t.Fatalf("API: vendor to opgelost: %d %s", status, body)
		}
		if status, _, _ := e.do("deelnemer", "POST", api+"/status", "application/json", `{"status":"geverifieerd"}`); status != http.StatusConflict {
			t.Fatalf("API: vendor verifying: %d, want 409", status)
		}
		// Someone else's finding: no form, no follow-up.
		other := e.logFinding("loggingteam", url.Values{"title": {"Van een ander"}, "visibility": {"all"}})
		_, body, _ = e.do("deelnemer", "GET", other, "", "")
		if strings.Contains(body, other+"/followup") {
			t.Fatal("vendor sees a follow-up form on a finding of no actor of its own")
		}
		if status, _, _ := e.do("deelnemer", "PUT", strings.Replace(other, "/hackathons/", "/api/v1/hackathons/", 1)+"/followup", "application/json", `{"tracker_key":"X"}`); status != http.StatusForbidden && status != http.StatusNotFound {
			t.Fatalf("API: vendor following up another's finding: %d, want 403 or 404", status)
		}
	})
}
