package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestRelationsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		rm := string(blueprint.RoleRelatiemanager)
		base := fmt.Sprintf("/hackathons/%d/relations", e.hid)
		status, _, _ := e.form(rm, base, url.Values{"organisation": {"Zorg Oost"}, "chain_role": {"zorgaanbieder"}, "status": {"informeel_toegezegd"}, "compensation": {"geen"}, "product": {"ZorgEPD"}, "product_version": {"9.3"}})
		if status != http.StatusSeeOther {
			t.Fatalf("commitment: %d", status)
		}
		if status, body, _ := e.form(rm, base, url.Values{"organisation": {""}, "chain_role": {"zorgaanbieder"}, "status": {"x"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "field-error") {
			t.Fatalf("bad commitment: %d", status)
		}
		var oid int64
		db.QueryRow(context.Background(), "SELECT id FROM organisations WHERE name = ?", "Zorg Oost").Scan(&oid)
		status, _, _ = e.form(rm, fmt.Sprintf("%s/%d/contacts", base, oid), url.Values{"contacted_on": {"2020-01-01"}, "channel": {"telefoon"},
			"summary": {"Gebeld met de ICT-manager"}, "next_action": {"Contract sturen"}, "next_action_due": {"2020-01-08"}})
		if status != http.StatusSeeOther {
			t.Fatalf("contact: %d", status)
		}
		status, body, _ := e.do(rm, "GET", base, "", "")
		if status != http.StatusOK || !strings.Contains(body, "Zorg Oost") || !strings.Contains(body, "volgende actie te laat") || !strings.Contains(body, "Informeel toegezegd") || !strings.Contains(body, "ZorgEPD 9.3") {
			t.Fatalf("page: %d\n%s", status, body)
		}
		if status, _, _ := e.do("observer", "GET", base, "", ""); status != http.StatusOK {
			t.Fatalf("observer view: %d", status)
		}
		if status, _, _ := e.form("observer", base, url.Values{}); status != http.StatusForbidden {
			t.Fatalf("observer edit: %d", status)
		}
	})
}
