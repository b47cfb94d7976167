package e2e

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/demo"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/web"
)

// overflowJS reports, as text, whether the page is wider than the window
// and, if so, the widest elements sticking out on the right.
const overflowJS = `(() => {
  const w = window.innerWidth, sw = document.documentElement.scrollWidth;
  if (sw <= w) return "";
  const out = [];
  for (const el of document.querySelectorAll("main *")) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1) out.push([r.right, el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "")]);
  }
  out.sort((a, b) => b[0] - a[0]);
  return "page " + sw + " px wide in a " + w + " px window; sticking out: " + out.slice(0, 6).map(x => x[1] + " (" + Math.round(x[0]) + ")").join(", ");
})()`

// scrollersJS lists the table containers that scroll sideways (allowed,
// logged so a reviewer sees where).
const scrollersJS = `Array.from(document.querySelectorAll(".table-scroll")).filter(d => d.scrollWidth > d.clientWidth + 1).map(d => (d.firstElementChild.id || "table") + " " + d.scrollWidth + "/" + d.clientWidth).join(", ")`

// overlapJS reports timeline rows whose milestone count overlaps the
// phase progress bar.
const overlapJS = `(() => {
  const bad = [];
  for (const li of document.querySelectorAll("ol.timeline li")) {
    const p = li.querySelector("progress"), c = p && p.nextElementSibling;
    if (!p || !c) { bad.push(li.id + ": no progress/count"); continue; }
    const a = p.getBoundingClientRect(), b = c.getBoundingClientRect();
    const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
    if (!apart) bad.push(li.id + ": progress " + Math.round(a.left) + "-" + Math.round(a.right) + " count " + Math.round(b.left) + "-" + Math.round(b.right));
  }
  return bad.join("; ");
})()`

// TestDemoPagesFitTheWindow: in the 1366 px window of a laptop on the
// hackathon floor, the demo's busiest pages are no wider than the window
// (wide tables scroll inside their container, long paths wrap), and on the
// hackathon page the milestone count does not overlap the progress bar.
func TestDemoPagesFitTheWindow(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := demo.Load(t.Context(), db, time.Now()); err != nil {
		t.Fatal(err)
	}
	var hid int64
	if err := db.QueryRow(t.Context(), "SELECT id FROM hackathons WHERE code = ?", demo.Code).Scan(&hid); err != nil {
		t.Fatal(err)
	}
	all, err := finding.NewService(db).List(t.Context(), hid, finding.Filter{}, finding.Viewer{Staff: true})
	if err != nil || len(all) == 0 {
		t.Fatalf("demo findings: %d, %v", len(all), err)
	}
	ts := httptest.NewServer(web.New(app.New(db, app.Options{DataDir: t.TempDir()}), web.Options{Version: "e2e"}).Handler())
	defer ts.Close()
	h := fmt.Sprintf("%s/hackathons/%d", ts.URL, hid)
	ctx := Browser(t)
	do(t, ctx, "login",
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), "projectleider@demo.ketentest.nl"),
		chromedp.SendKeys(css("#password"), demo.Password),
		chromedp.Submit(css("#password")),
		chromedp.WaitVisible(css(`header form[action="/logout"]`)))
	pages := []struct{ name, path string }{
		{"hackathon", ""},
		{"findings", "/findings"},
		{"board", "/findings/board"},
		{"audit", "/audit"},
		{"traffic", "/sandbox/traffic"},
	}
	for _, f := range all {
		pages = append(pages, struct{ name, path string }{"finding-" + f.Key, fmt.Sprintf("/findings/%d", f.ID)})
	}
	for _, p := range pages {
		do(t, ctx, p.name, chromedp.Navigate(h+p.path), chromedp.WaitVisible(css("main")))
		Screenshot(t, ctx, "layout-"+p.name)
		msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](overflowJS))
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		if msg != "" {
			t.Errorf("%s (%s): %s", p.name, p.path, msg)
		}
		if wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](scrollersJS)); wide != "" {
			t.Logf("%s: scrolls inside its container: %s", p.name, wide)
		}
	}
	do(t, ctx, "hackathon", chromedp.Navigate(h), chromedp.WaitVisible(css("ol.timeline")))
	if msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](overlapJS)); err != nil || msg != "" {
		t.Errorf("milestone count overlaps the progress bar: %s %v", msg, err)
	}
}
