package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/finding"
)

// venueWiFi stands between the browser and the server like a venue
// Wi-Fi that can drop: while down, every connection is closed without an
// answer, also for the service worker's own requests (which the tab's
// network emulation does not cover).
type venueWiFi struct {
	URL  string
	down atomic.Bool
	// unavailable makes the server answer 503 to every API post, as an
	// overloaded server or a restarting instance behind a proxy does.
	unavailable atomic.Bool
	posts       atomic.Int32 // API posts that reached the proxy
}

func newVenueWiFi(t *testing.T, backend string) *venueWiFi {
	t.Helper()
	target, err := url.Parse(backend)
	if err != nil {
		t.Fatal(err)
	}
	v := &venueWiFi{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v.down.Load() {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.(*net.TCPConn).SetLinger(0)
					conn.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		}
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/") {
			v.posts.Add(1)
			if v.unavailable.Load() {
				http.Error(w, "unavailable", http.StatusServiceUnavailable)
				return
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	v.URL = ts.URL
	return v
}

// offline takes the tab and the Wi-Fi down (or up) together.
func (v *venueWiFi) offline(down bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		v.down.Store(down)
		_, err := setOffline(down)(ctx, t)
		return err
	})
}

func evalString(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}

// cachedURLs lists every entry of the page and asset caches of the origin.
const cachedURLs = `(async () => {
  const out = [];
  for (const name of await caches.keys()) {
    for (const req of await (await caches.open(name)).keys()) { out.push(name.replace(/-[0-9a-f]+$/, "-USER") + " " + new URL(req.url).pathname); }
  }
  return out.sort().join("\n");
})()`

// TestOfflineLoggingScreen: the logging screen opened online once keeps
// working offline: a reload comes from the service worker with the time of
// its data, two findings are queued, the tab is closed and opened again
// offline, and back online both are stored exactly once; an item the server
// refuses is shown as rejected and can be corrected; after logging out the
// stored copy is gone.
func TestOfflineLoggingScreen(t *testing.T) {
	browser := Browser(t)
	w := newFindingWorld(t)
	wifi := newVenueWiFi(t, w.base)
	logscreen := fmt.Sprintf("%s/hackathons/%d/findings/new", wifi.URL, w.hid)
	screenPath := fmt.Sprintf("/hackathons/%d/findings/new", w.hid)

	tab, closeTab := chromedp.NewContext(browser)
	do(t, tab, "log in as logging team", login(wifi.URL, "logger@example.org")...)
	do(t, tab, "open the logging screen online; the service worker stores it",
		chromedp.Navigate(logscreen),
		chromedp.WaitVisible(css("#f-title")),
		poll(`document.querySelector("#log-form").dataset.offlineReady === "1"`),
		chromedp.WaitVisible(css("#offline-ready")),
	)
	// Pages the worker must never keep: the list, a finding, the API.
	seed, _, err := w.svc.Create(context.Background(), w.hid, finding.Input{Title: "Bestaande bevinding"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	do(t, tab, "visit the list, a finding and the API under the worker",
		chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/findings", wifi.URL, w.hid)),
		chromedp.WaitVisible(css("#findings")),
		chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/findings/%d", wifi.URL, w.hid, seed.ID)),
		poll(`document.body.textContent.includes("Bestaande bevinding")`),
		poll(`fetch("/api/v1/hackathons/`+fmt.Sprint(w.hid)+`/findings").then(r => r.ok)`),
		chromedp.Navigate(logscreen),
		chromedp.WaitVisible(css("#f-title")),
		poll(`document.querySelector("#log-form").dataset.offlineReady === "1"`),
	)
	want := "ketentest-pages-USER " + screenPath + "\nketentest-static-v1 /static/app.css\nketentest-static-v1 /static/logging.js"
	if got := evalString(t, tab, cachedURLs); got != want {
		t.Fatalf("cached entries:\n%s\nwant:\n%s", got, want)
	}

	do(t, tab, "go offline and reload: the page comes from the service worker",
		wifi.offline(true),
		poll(`navigator.onLine === false`),
		chromedp.Reload(),
		chromedp.WaitVisible(css("#f-title")),
		chromedp.WaitVisible(css("#offline-banner")),
	)
	if copy := evalString(t, tab, `document.querySelector("#offline-banner").dataset.offlineCopy`); copy != "1" {
		t.Fatalf("reloaded page is not the worker's offline copy (data-offline-copy=%q)", copy)
	}
	if b := text(t, tab, "#offline-banner"); !strings.Contains(b, "offline — gegevens van ") {
		t.Errorf("offline banner: %q", b)
	}
	// The stored copy carries the key it was rendered with; no finding may use it.
	cachedKey := evalString(t, tab, `caches.match("`+screenPath+`").then(r => r.text()).then(h => h.match(/name="idempotency_key" value="([^"]+)"/)[1])`)
	for i, title := range []string{"Offline: allergieën ontbreken", "Offline: medicatie dubbel", "Wordt verwijderd"} {
		do(t, tab, "log while offline",
			chromedp.SendKeys(css("#f-title"), title),
			chromedp.Focus(css("#f-title")),
			ctrlEnter(),
			poll(fmt.Sprintf(`document.querySelector("#queue-status").dataset.count === "%d"`, i+1)),
		)
	}
	do(t, tab, "remove a queued item",
		chromedp.Click(css(`#queue-list li[data-state=queued]:last-child button[data-action=remove]`)),
		poll(`document.querySelector("#queue-status").dataset.count === "2"`),
	)
	// An organisation removed since the page was stored: the server will refuse it.
	do(t, tab, "log one with a stale organisation",
		poll(`(() => { const o = new Option("Opgeheven BV", "999999"); o.selected = true; document.querySelector("#f-orgs").add(o); return true; })()`),
		chromedp.SendKeys(css("#f-title"), "Verouderde organisatie"),
		chromedp.Focus(css("#f-title")),
		ctrlEnter(),
		poll(`document.querySelector("#queue-status").dataset.count === "3"`),
	)
	keys := evalString(t, tab, `JSON.parse(localStorage.getItem("ketentest.findingqueue.`+fmt.Sprint(w.hid)+`." + document.querySelector("#log-form").dataset.user)).map(x => x.body.idempotency_key).join(" ")`)
	if strings.Contains(keys, cachedKey) || len(strings.Fields(keys)) != 3 {
		t.Errorf("queued keys %q: want three fresh keys, none the stored page's %q", keys, cachedKey)
	}
	Screenshot(t, tab, "o01-offline-queue")
	if n := len(w.stored(t)); n != 1 {
		t.Fatalf("%d findings stored while offline, want only the seed", n)
	}

	closeTab() // close the tab; the queue lives on in the browser
	tab, closeTab = chromedp.NewContext(browser)
	defer closeTab()
	do(t, tab, "open the logging screen in a new tab, still offline",
		wifi.offline(true),
		chromedp.Navigate(logscreen),
		chromedp.WaitVisible(css("#f-title")),
		poll(`document.querySelector("#queue-status").dataset.count === "3"`),
	)
	if q := text(t, tab, "#queue-list"); !strings.Contains(q, "allergieën ontbreken") || !strings.Contains(q, "medicatie dubbel") || strings.Contains(q, "Wordt verwijderd") {
		t.Errorf("queue after reopening: %q", q)
	}
	Screenshot(t, tab, "o02-reopened-offline")

	do(t, tab, "go online: the queue drains, the stale one is rejected",
		wifi.offline(false),
		poll(`document.querySelector("#queue-status").dataset.count === "0" && document.querySelector("#queue-status").dataset.rejected === "1"`),
	)
	Screenshot(t, tab, "o03-rejected")
	rejected := text(t, tab, `#queue-list li[data-state=rejected]`)
	if !strings.Contains(rejected, "Verouderde organisatie") || !strings.Contains(rejected, "afgewezen") || !strings.Contains(rejected, "organisation_ids") {
		t.Errorf("rejected item: %q", rejected)
	}
	count := map[string]int{}
	for _, f := range w.stored(t) {
		count[f.Title]++
	}
	if len(count) != 3 || count["Offline: allergieën ontbreken"] != 1 || count["Offline: medicatie dubbel"] != 1 || count["Verouderde organisatie"] != 0 {
		t.Fatalf("stored after reconnecting: %v", count)
	}
	do(t, tab, "correct the rejected item and save it",
		chromedp.Click(css(`#queue-list li[data-state=rejected] button[data-action=correct]`)),
		poll(`document.querySelector("#f-title").value === "Verouderde organisatie"`),
		chromedp.Focus(css("#f-title")),
		ctrlEnter(),
		poll(`document.querySelector("#queue-status").dataset.rejected === "0" && document.querySelector("#log-status a")`),
	)
	do(t, tab, "reload online: nothing is sent twice",
		chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/findings", wifi.URL, w.hid)),
		chromedp.WaitVisible(css("#findings")),
	)
	list := text(t, tab, "#findings")
	for _, title := range []string{"Offline: allergieën ontbreken", "Offline: medicatie dubbel", "Verouderde organisatie"} {
		if strings.Count(list, title) != 1 {
			t.Errorf("list page shows %q %d times:\n%s", title, strings.Count(list, title), list)
		}
	}
	if n := len(w.stored(t)); n != 4 {
		t.Errorf("%d findings stored, want 4 (seed, two offline, the corrected one)", n)
	}

	steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(logscreen), chromedp.WaitVisible(css("#f-title"))}
	steps = append(steps, logout()...)
	steps = append(steps, poll(`document.documentElement.dataset.offlineCleared === "1"`))
	do(t, tab, "log out: the login page clears the stored copy", steps...)
	if got := evalString(t, tab, cachedURLs); strings.Contains(got, "ketentest-pages-") {
		t.Fatalf("page cache after logout:\n%s", got)
	}
	do(t, tab, "offline, the logging screen is no longer shown",
		wifi.offline(true),
		chromedp.Navigate(logscreen),
		chromedp.WaitVisible(css("#offline-unavailable")),
	)
	Screenshot(t, tab, "o04-after-logout")
	if n, _ := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("#f-title, #recent").length`)); n != 0 {
		t.Errorf("logging screen shown offline after logout")
	}
}

// TestOfflineQueueSessionExpired: a queued finding whose session expired
// while offline stays queued, the page asks to log in again, and after
// logging in (in another tab) it is sent, once.
func TestOfflineQueueSessionExpired(t *testing.T) {
	browser := Browser(t)
	w := newFindingWorld(t)
	wifi := newVenueWiFi(t, w.base)
	logscreen := fmt.Sprintf("%s/hackathons/%d/findings/new", wifi.URL, w.hid)
	tab, closeTab := chromedp.NewContext(browser)
	defer closeTab()
	do(t, tab, "log in and open the logging screen", append(login(wifi.URL, "logger@example.org"),
		chromedp.Navigate(logscreen), chromedp.WaitVisible(css("#f-title")))...)
	do(t, tab, "queue a finding offline",
		wifi.offline(true),
		chromedp.SendKeys(css("#f-title"), "Na verlopen sessie"),
		chromedp.Focus(css("#f-title")),
		ctrlEnter(),
		poll(`document.querySelector("#queue-status").dataset.count === "1"`),
	)
	if _, err := w.db.Exec(context.Background(), "DELETE FROM sessions"); err != nil {
		t.Fatal(err)
	}
	do(t, tab, "back online: 401 keeps the queue and asks to log in again",
		wifi.offline(false),
		chromedp.WaitVisible(css("#relogin")),
	)
	Screenshot(t, tab, "o05-login-again")
	if n := evalString(t, tab, `document.querySelector("#queue-status").dataset.count`); n != "1" {
		t.Fatalf("queue after 401: %s", n)
	}
	if n := len(w.stored(t)); n != 0 {
		t.Fatalf("%d stored without a session", n)
	}
	other, closeOther := chromedp.NewContext(browser)
	do(t, other, "log in again in another tab", login(wifi.URL, "logger@example.org")...)
	closeOther()
	do(t, tab, "the queue is sent after logging in", poll(`document.querySelector("#queue-status").dataset.count === "0"`))
	fs := w.stored(t)
	if len(fs) != 1 || fs[0].Title != "Na verlopen sessie" {
		t.Fatalf("stored after logging in again: %+v", fs)
	}
}

// TestOfflineQueueServerErrorRetries: a 503 is not a refusal: the finding
// stays queued, is retried with backoff, and is stored once when the
// server is back.
func TestOfflineQueueServerErrorRetries(t *testing.T) {
	browser := Browser(t)
	w := newFindingWorld(t)
	wifi := newVenueWiFi(t, w.base)
	tab, closeTab := chromedp.NewContext(browser)
	defer closeTab()
	do(t, tab, "log in and open the logging screen", append(login(wifi.URL, "logger@example.org"),
		chromedp.Navigate(fmt.Sprintf("%s/hackathons/%d/findings/new", wifi.URL, w.hid)), chromedp.WaitVisible(css("#f-title")))...)
	wifi.unavailable.Store(true)
	do(t, tab, "log while the server answers 503",
		chromedp.SendKeys(css("#f-title"), "Server even weg"),
		chromedp.Focus(css("#f-title")),
		ctrlEnter(),
		poll(`document.querySelector("#queue-status").dataset.count === "1"`),
	)
	do(t, tab, "it is retried, not rejected", poll(`document.querySelector("#queue-status").textContent.includes("volgende poging om")`))
	for wifi.posts.Load() < 2 {
		do(t, tab, "wait for a retry", chromedp.Sleep(200*time.Millisecond))
	}
	if r := evalString(t, tab, `document.querySelector("#queue-status").dataset.rejected`); r != "0" {
		t.Fatalf("a 503 rejected the item (%s rejected)", r)
	}
	wifi.unavailable.Store(false)
	do(t, tab, "the server is back: the queue drains", poll(`document.querySelector("#queue-status").dataset.count === "0"`))
	if fs := w.stored(t); len(fs) != 1 || fs[0].Title != "Server even weg" {
		t.Fatalf("stored after the server came back: %+v", fs)
	}
}
