package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func countRows(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestHackathonRequestFlow: any logged-in user asks for a hackathon; a huge
// or hostile text is refused with a Dutch message naming the field and
// nothing saved; hostile markup is shown escaped in the core team's queue;
// accepting creates the hackathon with the chosen lead and the canvas
// pre-filled, and tells the requester in Dutch through the outbox;
// a request is decided once; declining needs a reason.
func TestHackathonRequestFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		good := url.Values{"organisation": {"Zorg & Co"}, "contact": {"Ria"}, "data_service": {"BgZ"},
			"goal": {"<script>alert(1)</script> De keten BgZ beproeven"}, "reason": {"Kwalificatie dekt de keten niet"}, "period": {"Q2 2027"}}
		bad := url.Values{}
		for k, v := range good {
			bad[k] = v
		}
		bad.Set("goal", strings.Repeat("x", 6000))
		bad.Set("organisation", "Zorg\x00Co")
		st, body, _ := e.form("nobody", "/hackathon-requests/new", bad)
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Doel: Maximaal 5.000 tekens.") ||
			!strings.Contains(body, "Organisatie: Bevat tekens die niet zijn toegestaan.") {
			t.Fatalf("bad request: %d", st)
		}
		if n := countRows(t, db, "SELECT COUNT(*) FROM hackathon_requests"); n != 0 {
			t.Fatalf("bad request saved %d rows", n)
		}
		if st, _, _ := e.form("nobody", "/hackathon-requests/new", good); st != http.StatusSeeOther {
			t.Fatalf("request: %d", st)
		}
		if st, body, _ := e.do("nobody", "GET", "/", "", ""); st != http.StatusOK || !strings.Contains(body, `href="/hackathon-requests/new"`) || strings.Contains(body, `href="/hackathon-requests"`) {
			t.Errorf("menu for nobody: %d", st)
		}
		if _, body, _ := e.do("projectleider", "GET", "/", "", ""); !strings.Contains(body, `href="/hackathon-requests"`) {
			t.Errorf("menu for the core team has no queue link")
		}
		if st, _, _ := e.do("nobody", "GET", "/hackathon-requests", "", ""); st != http.StatusForbidden {
			t.Errorf("queue as nobody: %d", st)
		}
		st, body, _ = e.do("projectleider", "GET", "/hackathon-requests", "", "")
		if st != http.StatusOK || strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Fatalf("queue: %d", st)
		}
		var rid int64
		if err := db.QueryRow(ctx, "SELECT id FROM hackathon_requests").Scan(&rid); err != nil {
			t.Fatal(err)
		}
		decide := fmt.Sprintf("/hackathon-requests/%d/decide", rid)
		accept := url.Values{"outcome": {"accepted"}, "code": {"REQ"}, "name": {"BgZ-hackathon"}, "variant": {"technisch"}, "lead": {"nobody@nowhere.example"}}
		st, body, _ = e.form("projectleider", decide, accept)
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Er is geen actieve gebruiker met dit e-mailadres.") {
			t.Fatalf("unknown lead: %d", st)
		}
		accept.Set("lead", "admin@example.org")
		if st, _, _ := e.form("projectleider", decide, accept); st != http.StatusSeeOther {
			t.Fatalf("accept: %d", st)
		}
		var hid int64
		if err := db.QueryRow(ctx, "SELECT id FROM hackathons WHERE code = 'REQ'").Scan(&hid); err != nil {
			t.Fatalf("no hackathon created: %v", err)
		}
		if n := countRows(t, db, "SELECT COUNT(*) FROM hackathon_members WHERE hackathon_id = ? AND user_id = ? AND role = 'projectleider'", hid, e.users["admin"].ID); n != 1 {
			t.Errorf("lead not assigned")
		}
		var doel, middel string
		db.QueryRow(ctx, "SELECT value FROM canvas_fields WHERE hackathon_id = ? AND field_key = 'aanleiding_doel'", hid).Scan(&doel)
		db.QueryRow(ctx, "SELECT value FROM canvas_fields WHERE hackathon_id = ? AND field_key = 'aanleiding_middel'", hid).Scan(&middel)
		if !strings.Contains(doel, "De keten BgZ beproeven") || middel != "Kwalificatie dekt de keten niet" {
			t.Errorf("canvas not pre-filled: %q %q", doel, middel)
		}
		var subject, mbody string
		if err := db.QueryRow(ctx, "SELECT subject, body FROM outbox WHERE recipient = 'nobody@example.org'").Scan(&subject, &mbody); err != nil {
			t.Fatal(err)
		}
		if subject != "Je aanvraag voor een hackathon is geaccepteerd" || !strings.Contains(mbody, "Bedankt voor je aanvraag") {
			t.Errorf("message: %q", subject)
		}
		if st, _, _ := e.form("projectleider", decide, accept); st != http.StatusConflict {
			t.Errorf("decided twice: %d", st)
		}
		// Decline: a reason is required.
		good.Set("organisation", "Tweede partij")
		e.form("nobody", "/hackathon-requests/new", good)
		db.QueryRow(ctx, "SELECT id FROM hackathon_requests WHERE organisation = 'Tweede partij'").Scan(&rid)
		decide = fmt.Sprintf("/hackathon-requests/%d/decide", rid)
		if st, body, _ := e.form("projectleider", decide, url.Values{"outcome": {"declined"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Reden of advies: Verplicht.") {
			t.Errorf("decline without reason: %d", st)
		}
		if st, _, _ := e.form("projectleider", decide, url.Values{"outcome": {"advised"}, "response": {"Kies kwalificatie"}}); st != http.StatusSeeOther {
			t.Fatalf("advise: %d", st)
		}
		if n := countRows(t, db, "SELECT COUNT(*) FROM outbox WHERE subject = 'Advies over je aanvraag voor een hackathon'"); n != 1 {
			t.Errorf("advice messages: %d", n)
		}
	})
}

// TestParticipantIntake: a participant fills in the intake of their
// organisation; a readiness outside 1–5 and an overlong endpoint list are
// refused with nothing saved; the organisers see the table and the open
// questions, a participant does not; a member without organisation cannot
// save and is told why (409).
func TestParticipantIntake(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		base := fmt.Sprintf("/hackathons/%d/intake", e.hid)
		in := url.Values{"contact": {"Piet"}, "followup_owner": {"Kees"}, "product": {"MijnPGO"}, "product_version": {"4.2"},
			"data_service": {"BgZ"}, "fhir_version": {"STU3"}, "endpoints": {"https://fhir.example/bgz\nhttps://auth.example"},
			"readiness": {"9"}, "questions": {"Welke testpatiënten zijn er?\n<b>Wie triageert?</b>"}}
		in.Set("endpoints", strings.Repeat("e", 2001))
		st, body, _ := e.form("deelnemer", base, in)
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Kies 1 tot en met 5.") || !strings.Contains(body, "Endpoints (één per regel): Maximaal 2.000 tekens.") {
			t.Fatalf("bad intake: %d", st)
		}
		if n := countRows(t, db, "SELECT COUNT(*) FROM participant_intakes"); n != 0 {
			t.Fatalf("bad intake saved")
		}
		in.Set("readiness", "3")
		in.Set("endpoints", "https://fhir.example/bgz\nhttps://auth.example")
		if st, _, _ := e.form("deelnemer", base, in); st != http.StatusSeeOther {
			t.Fatalf("intake: %d", st)
		}
		in.Set("readiness", "4")
		if st, _, _ := e.form("deelnemer", base, in); st != http.StatusSeeOther {
			t.Fatalf("intake again: %d", st)
		}
		if st, body, _ := e.do("deelnemer", "GET", base, "", ""); st != http.StatusOK || !strings.Contains(body, `value="MijnPGO"`) || !strings.Contains(body, `href="`+base+`"`) {
			t.Errorf("own intake: %d", st)
		}
		st, body, _ = e.do("projectleider", "GET", base+"/overview", "", "")
		if st != http.StatusOK || !strings.Contains(body, "Vendor BV") || !strings.Contains(body, "4/5") ||
			!strings.Contains(body, "Welke testpatiënten zijn er?") || !strings.Contains(body, "&lt;b&gt;Wie triageert?&lt;/b&gt;") {
			t.Errorf("overview: %d", st)
		}
		if st, _, _ := e.do("deelnemer", "GET", base+"/overview", "", ""); st != http.StatusForbidden {
			t.Errorf("overview as participant: %d", st)
		}
		if st, body, _ := e.form("projectleider", base, in); st != http.StatusConflict || !strings.Contains(body, "niet mee namens een organisatie") {
			t.Errorf("save without organisation: %d", st)
		}
		if n := countRows(t, db, "SELECT COUNT(*) FROM participant_intakes"); n != 1 {
			t.Errorf("intakes: %d", n)
		}
	})
}
