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

// TestPageScenarios is a table of requests and what their answer must hold.
func TestPageScenarios(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		hid := fmt.Sprint(e.hid)
		xss := `<script>alert("x")</script><img src=x onerror=alert(1)>`
		scenarios := []struct {
			name, subject, method, path string
			form                        url.Values
			header                      []string
			status                      int
			contains, absent            []string
		}{
			{name: "login page is Dutch", subject: "anonymous", method: "GET", path: "/login", status: 200,
				contains: []string{`lang="nl"`, "Inloggen", `for="email"`}},
			{name: "dashboard lists the hackathon", subject: "projectleider", method: "GET", path: "/", status: 200,
				contains: []string{"Testhackathon", "Mijn mijlpalen"}},
			{name: "timeline shows 9 phases, phase 2 closed", subject: "projectleider", method: "GET", path: "/hackathons/" + hid, status: 200,
				contains: []string{`id="phase-1"`, `id="phase-9"`, `class="phase closed" id="phase-2"`, "Nog geen besluit"}},
			{name: "participant sees facts, not the plan", subject: "deelnemer", method: "GET", path: "/hackathons/" + hid, status: 200,
				contains: []string{"Testhackathon"}, absent: []string{`id="phase-1"`, "/canvas"}},
			{name: "phase page shows technical attention points", subject: "test", method: "GET", path: "/hackathons/" + hid + "/phases/2", status: 200,
				contains: []string{"Aandachtspunten (Technische Hackathon)", "2H"}},
			{name: "create form error at the field", subject: "projectleider", method: "POST", path: "/hackathons",
				form: url.Values{"name": {""}, "code": {"x"}, "variant": {"regulier"}, "kickoff_date": {"morgen"}}, status: 422,
				contains: []string{`<span class="field-error" role="alert">Verplicht.</span>`, "capital letters", "YYYY-MM-DD"}},
			{name: "user text is escaped", subject: "projectleider", method: "POST", path: "/hackathons",
				form: url.Values{"name": {xss}, "code": {"x"}, "variant": {"regulier"}}, status: 422,
				contains: []string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"}, absent: []string{"<script>alert", "<img src=x"}},
			{name: "phase 2 milestone refused before go", subject: "test", method: "POST", path: fmt.Sprintf("/hackathons/%s/milestones/%d", hid, e.phase2),
				form: url.Values{"status": {"bezig"}}, status: 409, contains: []string{"opens only after the client"}},
			{name: "javascript: evidence link refused", subject: "projectleider", method: "POST", path: fmt.Sprintf("/hackathons/%s/milestones/%d", hid, e.phase1),
				form: url.Values{"status": {"bezig"}, "evidence_url": {"javascript:alert(1)"}}, status: 422, contains: []string{"http:// or https://"}},
			{name: "decision needs a reason", subject: "opdrachtgever", method: "POST", path: "/hackathons/" + hid + "/decision",
				form: url.Values{"outcome": {"go"}, "decided_on": {"2026-11-20"}}, status: 422, contains: []string{"geef de reden"}},
			{name: "unknown canvas field is ignored, known saved", subject: "projectleider", method: "POST", path: "/hackathons/" + hid + "/canvas",
				form: url.Values{"aanleiding_doel": {"Doel <b>vet</b>"}, "evil": {"x"}}, status: 303},
			{name: "cross-site form post refused", subject: "projectleider", method: "POST", path: "/hackathons/" + hid + "/canvas",
				form: url.Values{"aanleiding_doel": {"x"}}, header: []string{"Sec-Fetch-Site", "cross-site"}, status: 403},
			{name: "foreign origin refused", subject: "projectleider", method: "POST", path: "/hackathons/" + hid + "/canvas",
				form: url.Values{"aanleiding_doel": {"x"}}, header: []string{"Origin", "https://evil.example"}, status: 403},
			{name: "oversized form refused", subject: "projectleider", method: "POST", path: "/hackathons/" + hid + "/canvas",
				form: url.Values{"aanleiding_doel": {strings.Repeat("a", 1<<20+10)}}, status: 413},
			{name: "start note quotes the canvas", subject: "opdrachtgever", method: "GET", path: "/hackathons/" + hid + "/startnote", status: 200,
				contains: []string{"Doel &lt;b&gt;vet&lt;/b&gt;", `id="decision-submit"`}},
			{name: "non-client sees no decision form", subject: "projectleider", method: "GET", path: "/hackathons/" + hid + "/startnote", status: 200,
				absent: []string{`id="decision-submit"`}},
			{name: "organisation shows proposals", subject: "observer", method: "GET", path: "/hackathons/" + hid + "/organisation", status: 200,
				contains: []string{"Projectleider", "20", "Eventplanner"}},
			{name: "deelnemer needs an organisation", subject: "projectleider", method: "POST", path: "/hackathons/" + hid + "/members",
				form: url.Values{"email": {"nobody@example.org"}, "role": {"deelnemer"}}, status: 422, contains: []string{"organisation"}},
			{name: "metrics are exposed", subject: "anonymous", method: "GET", path: "/metrics", status: 200,
				contains: []string{"ketentest_http_requests_total", `route="GET /hackathons/{hid}"`}},
			{name: "open redirect refused after login", subject: "anonymous", method: "GET", path: "/login?next=//evil.example/x", status: 200,
				contains: []string{`name="next" value="/"`}},
		}
		for _, sc := range scenarios {
			var status int
			var body string
			if sc.method == "GET" {
				status, body, _ = e.do(sc.subject, "GET", sc.path, "", "", sc.header...)
			} else {
				status, body, _ = e.form(sc.subject, sc.path, sc.form, sc.header...)
			}
			if status != sc.status {
				t.Errorf("%s: status %d, want %d\n%.600s", sc.name, status, sc.status, body)
				continue
			}
			for _, c := range sc.contains {
				if !strings.Contains(body, c) {
					t.Errorf("%s: body lacks %q", sc.name, c)
				}
			}
			for _, a := range sc.absent {
				if strings.Contains(body, a) {
					t.Errorf("%s: body contains %q", sc.name, a)
				}
			}
		}
	})
}

// TestGoOpensPhase2 walks the decision from the browser's point of view.
func TestGoOpensPhase2(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		hid := fmt.Sprint(e.hid)
		status, _, hdr := e.form("opdrachtgever", "/hackathons/"+hid+"/decision",
			url.Values{"outcome": {"go"}, "reason": {"Akkoord"}, "decided_on": {"2026-11-20"}})
		if status != http.StatusSeeOther || hdr.Get("Location") != "/hackathons/"+hid {
			t.Fatalf("decision: %d %s", status, hdr.Get("Location"))
		}
		_, body, _ := e.do("projectleider", "GET", "/hackathons/"+hid, "", "")
		if !strings.Contains(body, `class="phase open" id="phase-2"`) || !strings.Contains(body, "Akkoord") {
			t.Fatal("phase 2 not open on the timeline after the go")
		}
		path := fmt.Sprintf("/hackathons/%s/milestones/%d", hid, e.phase2)
		if status, body, _ := e.form("communicatie", path, url.Values{"status": {"gereed"}, "note": {"Plan <i>klaar</i>"}}); status != 303 {
			t.Fatalf("milestone save: %d %.300s", status, body)
		}
		_, body, _ = e.do("communicatie", "GET", path, "", "")
		for _, want := range []string{"User communicatie", "status", "open", "gereed", "Plan &lt;i&gt;klaar&lt;/i&gt;"} {
			if !strings.Contains(body, want) {
				t.Errorf("milestone page lacks %q in its audit trail", want)
			}
		}
	})
}

// TestLoginSessionLanguage logs in with a form, switches to English and logs out.
func TestLoginSessionLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		jar := newJar()
		client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		post := func(path string, v url.Values) *http.Response {
			resp, err := client.PostForm(e.ts.URL+path, v)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp
		}
		if r := post("/login", url.Values{"email": {"projectleider@example.org"}, "password": {"wrong password"}}); r.StatusCode != 422 {
			t.Fatalf("bad password: %d", r.StatusCode)
		}
		r := post("/login", url.Values{"email": {"projectleider@example.org"}, "password": {testPassword}, "next": {"/my/milestones"}})
		if r.StatusCode != 303 || r.Header.Get("Location") != "/my/milestones" {
			t.Fatalf("login: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		for _, c := range r.Cookies() {
			if c.Name == "ketentest_session" && (!c.HttpOnly || c.SameSite != http.SameSiteLaxMode) {
				t.Fatal("session cookie must be HttpOnly and SameSite=Lax")
			}
		}
		post("/language", url.Values{"lang": {"en"}, "next": {"/"}})
		resp, err := client.Get(e.ts.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(resp)
		if !strings.Contains(body, `lang="en"`) || !strings.Contains(body, "My hackathons") {
			t.Fatalf("not English after switching:\n%.400s", body)
		}
		post("/logout", nil)
		resp, _ = client.Get(e.ts.URL + "/")
		resp.Body.Close()
		if resp.StatusCode != 303 {
			t.Fatalf("after logout: %d, want a redirect to the login page", resp.StatusCode)
		}
	})
}
