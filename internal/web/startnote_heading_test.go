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

// TestStartNoteHeadingsOnce: a start-note entry whose label is its
// section's title is not headed twice ("Aanleiding / Aanleiding").
func TestStartNoteHeadingsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if status, body, _ := e.form("projectleider", fmt.Sprintf("/hackathons/%d/canvas", e.hid),
			url.Values{"aanleiding_achtergrond": {"Patiënten willen hun BgZ in hun PGO."}}); status != http.StatusSeeOther {
			t.Fatalf("canvas: %d %s", status, body)
		}
		status, body, _ := e.do("projectleider", "GET", fmt.Sprintf("/hackathons/%d/startnote", e.hid), "", "")
		if status != http.StatusOK || !strings.Contains(body, "Patiënten willen hun BgZ") {
			t.Fatalf("start note: %d", status)
		}
		if strings.Contains(body, "<h3>Aanleiding</h3>") {
			t.Fatal("the start note heads Aanleiding twice")
		}
	})
}
