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

// TestDraaiboekPages: a participant sees the draaiboek only once it is
// published; the day programme refuses a slot ending before it starts with
// a Dutch message and nothing saved; the published page and PDF hold the
// programme, "nog niet ingedeeld" without rounds, and the logging QR code.
func TestDraaiboekPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/draaiboek/1", e.hid)
		if st, body, _ := e.do("deelnemer", "GET", base, "", ""); st != http.StatusOK || !strings.Contains(body, "nog niet gepubliceerd") {
			t.Fatalf("unpublished for a participant: %d", st)
		}
		st, body, _ := e.form("communicatie", base+"/slots", url.Values{"start": {"10:00"}, "end": {"09:00"}, "title": {"Opening"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "het einde moet na het begin liggen") {
			t.Fatalf("bad slot: %d", st)
		}
		if st, _, _ := e.form("communicatie", base+"/slots", url.Values{"start": {"09:00"}, "end": {"09:30"}, "title": {"Opening en uitleg"}}); st != http.StatusSeeOther {
			t.Fatalf("slot: %d", st)
		}
		if st, _, _ := e.form("communicatie", base+"/publish", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("publish: %d", st)
		}
		st, body, _ = e.do("deelnemer", "GET", base, "", "")
		if st != http.StatusOK || !strings.Contains(body, "Opening en uitleg") || !strings.Contains(body, "Nog niet ingedeeld.") || !strings.Contains(body, `id="d-qr"`) || !strings.Contains(body, "Versie 1") {
			t.Errorf("published draaiboek for a participant: %d", st)
		}
		st, body, hdr := e.do("deelnemer", "GET", base+"/draaiboek.pdf", "", "")
		if st != http.StatusOK || hdr.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF") {
			t.Errorf("pdf: %d", st)
		}
		if st, _, _ := e.do("deelnemer", "GET", fmt.Sprintf("/hackathons/%d/draaiboek/7", e.hid), "", ""); st != http.StatusNotFound {
			t.Errorf("day 7: %d", st)
		}
	})
}

// TestKickoffPages: a participant sees the deck once shared; the
// communication expert shares it and records it as held.
func TestKickoffPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/kickoff", e.hid)
		if st, body, _ := e.do("deelnemer", "GET", base, "", ""); st != http.StatusOK || !strings.Contains(body, "nog niet gedeeld") {
			t.Fatalf("unshared for a participant: %d", st)
		}
		if st, _, _ := e.form("communicatie", base+"/status", url.Values{"to": {"held"}}); st != http.StatusConflict {
			t.Errorf("held before shared: %d", st)
		}
		if st, _, _ := e.form("communicatie", base+"/status", url.Values{"to": {"shared"}}); st != http.StatusSeeOther {
			t.Fatalf("share: %d", st)
		}
		if st, body, _ := e.do("deelnemer", "GET", base, "", ""); st != http.StatusOK || !strings.Contains(body, `id="k-course"`) {
			t.Errorf("shared deck for a participant: %d", st)
		}
		if st, body, hdr := e.do("deelnemer", "GET", base+"/kickoff.pdf", "", ""); st != http.StatusOK || hdr.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF") {
			t.Errorf("pdf: %d", st)
		}
	})
}
