package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// findingWorld is a served hackathon with a logging-team member, a triage
// member, an actor of Vendor BV and the issue coordinator.
type findingWorld struct {
	base string
	hid  int64
	org  int64
	db   *store.DB
	svc  *finding.Service
}

func newFindingWorld(t *testing.T) findingWorld {
	t.Helper()
	ctx := context.Background()
	db := storetest.SQLite(t)
	srv, ts := serve(t, db, web.Options{Version: "e2e"})
	users := map[string]*account.User{}
	for _, u := range []account.NewUser{
		{Email: "lead@example.org", Name: "Petra Lead", CanCreateHackathon: true},
		{Email: "logger@example.org", Name: "Lotte Logger"},
		{Email: "triage@example.org", Name: "Tom Triage"},
		{Email: "actor@example.org", Name: "Anna Actor"},
		{Email: "issue@example.org", Name: "Ivo Issue"},
	} {
		users[strings.Split(u.Email, "@")[0]] = newUser(t, srv, u)
	}
	h := newHackathon(t, srv, hackathon.Input{Code: "PZP", Name: "Proactieve zorgplanning", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 3, 10), date.New(2027, 3, 17)}}, users["lead"].ID)
	org, err := srv.Hackathons.CreateOrganisation(ctx, "Vendor BV", "pgo")
	if err != nil {
		t.Fatal(err)
	}
	for who, role := range map[string]blueprint.Role{"logger": blueprint.RoleLoggingteam, "triage": blueprint.RoleTriageteam,
		"actor": blueprint.RoleActor, "issue": blueprint.RoleIssuecoordinator} {
		var o int64
		if who == "actor" {
			o = org
		}
		addMember(t, srv, h.ID, users[who].ID, string(role), o, users["lead"].ID)
	}
	return findingWorld{base: ts.URL, hid: h.ID, org: org, db: db, svc: srv.App.Findings}
}

func (w findingWorld) path(sub string) string {
	return fmt.Sprintf("%s/hackathons/%d/findings%s", w.base, w.hid, sub)
}

// stored lists the hackathon's findings as the server has them.
func (w findingWorld) stored(t *testing.T) []*finding.Finding {
	t.Helper()
	fs, err := w.svc.List(context.Background(), w.hid, finding.Filter{}, finding.Viewer{Staff: true})
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func ctrlEnter() chromedp.Action[chromedp.Void] {
	return chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierCtrl))
}

// poll waits until the JavaScript expression is true, also across a
// navigation (a form post and its redirect): it evaluates it again and again.
func poll(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		deadline := time.Now().Add(20 * time.Second)
		for {
			ok, err := chromedp.Evaluate[bool]("Boolean("+expr+")")(ctx, t)
			if err == nil && ok {
				return nil
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("waited 20s for %s (last error %v)", expr, err)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}

// TestFindingFromLoggingToHandover: the logging team logs a finding with
// the keyboard, triage classifies and assigns it to an actor in a bulk
// action, the actor plans a term, adds an update and marks it solved,
// triage verifies it, and the issue coordinator downloads the handover.
func TestFindingFromLoggingToHandover(t *testing.T) {
	ctx := Browser(t)
	w := newFindingWorld(t)

	do(t, ctx, "log in as logging team", login(w.base, "logger@example.org")...)
	do(t, ctx, "a finding without title is refused at the field",
		chromedp.Navigate(w.path("/new")),
		chromedp.WaitVisible(css("#f-title")),
		chromedp.Focus(css("#f-description")),
		ctrlEnter(),
		chromedp.WaitVisible(css(`[data-error-for="title"] .field-error`)),
	)
	if n := len(w.stored(t)); n != 0 {
		t.Fatalf("%d findings stored without a title", n)
	}
	do(t, ctx, "log a finding with Ctrl+Enter",
		chromedp.SendKeys(css("#f-title"), "Token verloopt na 5 minuten"),
		chromedp.SendKeys(css("#f-description"), "Na **5 minuten** moet de PGO opnieuw inloggen."),
		chromedp.SetValue(css("#f-severity"), "hoog"),
		chromedp.SetValue(css("#f-chain_link"), "dva"),
		chromedp.SetValue(css("#f-orgs"), fmt.Sprint(w.org)),
		chromedp.Focus(css("#f-title")),
		ctrlEnter(),
		poll(`document.querySelector("#log-status a") && document.querySelector("#log-status a").textContent === "PZP-1"`),
	)
	Screenshot(t, ctx, "f01-logged")
	fs := w.stored(t)
	if len(fs) != 1 || fs[0].Title != "Token verloopt na 5 minuten" || fs[0].Severity != "hoog" || fs[0].ChainLink != "dva" || len(fs[0].Orgs) != 1 {
		t.Fatalf("stored after Ctrl+Enter: %+v", fs)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(css("#f-title"))); v != "" {
		t.Errorf("title not cleared for the next finding: %q", v)
	}
	do(t, ctx, "log like previous with Alt+L",
		chromedp.KeyEvent("l", chromedp.KeyModifiers(chromedp.ModifierAlt)),
		poll(`document.querySelector("#f-severity").value === "hoog" && document.querySelector("#f-chain_link").value === "dva"`),
	)
	if list := text(t, ctx, "#recent"); !strings.Contains(list, "PZP-1") {
		t.Errorf("recent list: %q", list)
	}
	fid := fs[0].ID
	do(t, ctx, "log out", logout()...)

	do(t, ctx, "log in as triage", login(w.base, "triage@example.org")...)
	do(t, ctx, "classify and assign in the triage queue",
		chromedp.Navigate(w.path("?status=nieuw,in_triage")),
		chromedp.WaitVisible(css("#bulk-form")),
		chromedp.Click(css(fmt.Sprintf(`input[name=ids][value="%d"]`, fid))),
		chromedp.SendKeys(css(`#bulk-bar input[name=category]`), "Autorisatie"),
		chromedp.SetValue(css(`#bulk-bar select[name=actor_organisation_id]`), fmt.Sprint(w.org)),
		chromedp.Click(css("#bulk-apply")),
		chromedp.WaitVisible(css(".flash")),
	)
	Screenshot(t, ctx, "f02-triaged")
	f := w.stored(t)[0]
	if f.Status != finding.StatusToegewezen || f.ActorOrgID != w.org || f.Category != "Autorisatie" {
		t.Fatalf("after triage: status %s actor %d category %q", f.Status, f.ActorOrgID, f.Category)
	}
	do(t, ctx, "log out", logout()...)

	do(t, ctx, "log in as actor", login(w.base, "actor@example.org")...)
	do(t, ctx, "actor sees the finding",
		chromedp.Navigate(w.path("")),
		chromedp.WaitVisible(css("#findings")),
	)
	if list := text(t, ctx, "#findings"); !strings.Contains(list, "Token verloopt na 5 minuten") {
		t.Fatalf("actor's list: %q", list)
	}
	do(t, ctx, "actor opens the finding",
		chromedp.Click(css(fmt.Sprintf(`#findings a[href$="/findings/%d"]`, fid))),
		chromedp.WaitVisible(css("#mark-solved")),
	)
	do(t, ctx, "actor plans a resolution term and links its tracker",
		chromedp.SetValue(css(`input[name=resolution_due]`), "2027-03-24"),
		chromedp.SendKeys(css(`input[name=tracker_key]`), "VND-9"),
		chromedp.Click(css(`form[action$="/followup"] button`)),
		poll(`document.querySelector(".flash") && document.body.textContent.includes("VND-9")`),
	)
	do(t, ctx, "actor adds an update",
		chromedp.SendKeys(css(`form[action$="/comments"] textarea`), "Tokenduur verlengd naar 60 minuten; staat op acceptatie."),
		chromedp.Click(css(`form[action$="/comments"] button`)),
		chromedp.WaitVisible(css(".comment")),
	)
	do(t, ctx, "actor marks it solved",
		chromedp.Click(css("#mark-solved")),
		poll(`document.querySelector("#status") && document.querySelector("#status").textContent === "Opgelost"`),
	)
	Screenshot(t, ctx, "f03-solved")
	if st := text(t, ctx, "#status"); st != "Opgelost" {
		t.Fatalf("status after marking solved: %q", st)
	}
	do(t, ctx, "log out", logout()...)

	do(t, ctx, "log in as triage", login(w.base, "triage@example.org")...)
	do(t, ctx, "triage finds it under 'to verify'",
		chromedp.Navigate(w.path("")),
		chromedp.Click(css("#to-verify")),
		chromedp.WaitVisible(css(fmt.Sprintf(`#findings a[href$="/findings/%d"]`, fid))),
		chromedp.Click(css(fmt.Sprintf(`#findings a[href$="/findings/%d"]`, fid))),
		chromedp.WaitVisible(css("#verify")),
	)
	Screenshot(t, ctx, "f04-verify")
	if step := text(t, ctx, "#next-step"); !strings.Contains(step, "Anna Actor") || !strings.Contains(step, "latere testdag") {
		t.Errorf("verification step: %q", step)
	}
	do(t, ctx, "verify", chromedp.Click(css("#verify")),
		poll(`document.querySelector("#status") && document.querySelector("#status").textContent === "Geverifieerd"`))
	if st := text(t, ctx, "#status"); st != "Geverifieerd" {
		t.Fatalf("status after verifying: %q", st)
	}
	do(t, ctx, "log out", logout()...)

	do(t, ctx, "log in as issue coordinator", login(w.base, "issue@example.org")...)
	do(t, ctx, "open the handover of the actor",
		chromedp.Navigate(w.path(fmt.Sprintf("?actor=%d", w.org))),
		chromedp.WaitVisible(css("#export-handover-csv")),
	)
	Screenshot(t, ctx, "f05-handover")
	csvText, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`fetch(document.querySelector("#export-handover-csv").href).then(async r => r.headers.get("Content-Type") + "\n" + r.headers.get("Content-Disposition") + "\n" + await r.text())`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"text/csv", `filename="handover.csv"`, "Nummer,Titel,Beschrijving,Status,Ernst", "PZP-1,Token verloopt na 5 minuten,", ",Geverifieerd,Hoog,", ",Vendor BV,2027-03-24,VND-9,"} {
		if !strings.Contains(csvText, want) {
			t.Errorf("handover download lacks %q:\n%s", want, csvText)
		}
	}
	xlsx, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`fetch(document.querySelector("#export-handover-xlsx").href).then(async r => r.status + " " + r.headers.get("Content-Type") + " " + new TextDecoder().decode((await r.arrayBuffer()).slice(0, 2)))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if xlsx != "200 "+finding.ContentTypeXLSX+" PK" {
		t.Errorf("handover.xlsx download: %q", xlsx)
	}
}

// setOffline takes the tab off the network (navigator.onLine false and
// requests failing) or back on.
func setOffline(offline bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}}})
		return err
	})
}

// TestFindingOfflineQueue: on a venue Wi-Fi that drops, the logging screen
// queues two findings in the browser, shows them waiting, and once back
// online sends them; the server stores each exactly once.
func TestFindingOfflineQueue(t *testing.T) {
	ctx := Browser(t)
	w := newFindingWorld(t)
	do(t, ctx, "log in as logging team", login(w.base, "logger@example.org")...)
	do(t, ctx, "open the logging screen and go offline",
		chromedp.Navigate(w.path("/new")),
		chromedp.WaitVisible(css("#f-title")),
		setOffline(true),
		poll(`navigator.onLine === false`),
	)
	for i, title := range []string{"Offline gelogd: allergieën ontbreken", "Offline gelogd: medicatie dubbel"} {
		do(t, ctx, "log while offline",
			chromedp.SendKeys(css("#f-title"), title),
			chromedp.Focus(css("#f-title")),
			ctrlEnter(),
			poll(fmt.Sprintf(`document.querySelector("#queue-status").dataset.count === "%d"`, i+1)),
		)
	}
	Screenshot(t, ctx, "f06-offline-queue")
	if q := text(t, ctx, "#queue-status"); !strings.Contains(q, "2 in wachtrij") {
		t.Errorf("queue status: %q", q)
	}
	if q := text(t, ctx, "#queue-list"); !strings.Contains(q, "allergieën ontbreken") || !strings.Contains(q, "medicatie dubbel") {
		t.Errorf("queue list: %q", q)
	}
	if n := len(w.stored(t)); n != 0 {
		t.Fatalf("%d findings stored while offline", n)
	}
	do(t, ctx, "go online and let the queue drain",
		setOffline(false),
		poll(`document.querySelector("#queue-status").hidden && document.querySelector("#queue-status").dataset.count === "0"`),
	)
	Screenshot(t, ctx, "f07-back-online")
	fs := w.stored(t)
	count := map[string]int{}
	for _, f := range fs {
		count[f.Title]++
	}
	if len(fs) != 2 || count["Offline gelogd: allergieën ontbreken"] != 1 || count["Offline gelogd: medicatie dubbel"] != 1 {
		t.Fatalf("after reconnecting: %v", count)
	}
	// A reload finds nothing left to send, and sends nothing twice.
	do(t, ctx, "reload",
		chromedp.Reload(),
		chromedp.WaitVisible(css("#f-title")),
		chromedp.Sleep(500*time.Millisecond),
	)
	if left, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Object.keys(localStorage).filter(k => k.startsWith("ketentest.findingqueue.`+fmt.Sprint(w.hid)+`.")).map(k => localStorage.getItem(k)).join()`)); err != nil || left != "[]" {
		t.Errorf("queue in localStorage after sending: %q %v", left, err)
	}
	if n := len(w.stored(t)); n != 2 {
		t.Errorf("%d findings after reload, want 2", n)
	}
	if list := text(t, ctx, "#recent"); !strings.Contains(list, "PZP-1") || !strings.Contains(list, "PZP-2") {
		t.Errorf("recent list after reload: %q", list)
	}
}
