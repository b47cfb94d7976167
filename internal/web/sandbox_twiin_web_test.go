package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/orgsandbox"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestTwiinSectionAndDownload: the participant page shows the organisation
// sandbox's endpoints, and a participant downloads its TEST bundle (keys
// only in the response, public key registered).
func TestTwiinSectionAndDownload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, app.Options{SandboxURL: "https://sandbox.test"})
		var code string
		if err := db.QueryRow(t.Context(), "SELECT code FROM hackathons WHERE id = ?", e.hid).Scan(&code); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/hackathons/%d/sandbox", e.hid)
		status, body, _ := e.do("deelnemer", "GET", page, "", "")
		if status != http.StatusOK {
			t.Fatalf("page: %d", status)
		}
		i := strings.Index(body, `id="twiin"`)
		if i < 0 {
			t.Fatal("no twiin section")
		}
		sec := body[i:]
		for _, want := range []string{"https://sandbox.test/h/" + code + "/twiin/oauth/token", "org-", `id="twiin-form"`, "TEST"} {
			if !strings.Contains(sec, want) {
				t.Errorf("section lacks %q", want)
			}
		}
		bundle := page + "/twiin/bundle"
		status, body, _ = e.form("deelnemer", bundle, url.Values{"twiin_hosts": {"bad host!"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Hostnamen") {
			t.Fatalf("bad hosts: %d", status)
		}
		status, body, hdr := e.form("deelnemer", bundle, url.Values{"twiin_hosts": {"ehr.example.nl, 127.0.0.1"}})
		if status != http.StatusOK || hdr.Get("Content-Type") != "application/zip" || !strings.Contains(hdr.Get("Content-Disposition"), "TEST") {
			t.Fatalf("download: %d %v", status, hdr)
		}
		zr, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
		if err != nil {
			t.Fatal(err)
		}
		files := map[string]string{}
		for _, f := range zr.File {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			files[f.Name[strings.IndexByte(f.Name, '/')+1:]] = string(b)
		}
		for _, name := range []string{"client-key.TEST.pem", "signing-key.TEST.pem", "server-key.TEST.pem", "credential.TEST.jwt", "ca.pem", "LEESMIJ-TEST.txt"} {
			if files[name] == "" {
				t.Errorf("bundle lacks %s", name)
			}
		}
		var set map[string]string
		json.Unmarshal([]byte(files["settings.json"]), &set)
		if set["token_endpoint"] != "https://sandbox.test/h/"+code+"/twiin/oauth/token" || !strings.HasPrefix(set["client_id"], "org-") {
			t.Fatalf("settings %v", set)
		}
		var n int
		db.QueryRow(t.Context(), "SELECT COUNT(*) FROM twiin_client_keys WHERE jwk NOT LIKE '%\"d\"%'").Scan(&n)
		if n != 1 {
			t.Fatalf("%d public keys registered, want 1", n)
		}
	})
}

func TestTwiinWithoutHTTPSSandbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, app.Options{SandboxURL: "http://sandbox.test"})
		page := fmt.Sprintf("/hackathons/%d/sandbox", e.hid)
		_, body, _ := e.do("deelnemer", "GET", page, "", "")
		if !strings.Contains(body, "geen https-adres") {
			t.Fatal("page does not say the organisation sandbox is unavailable")
		}
		if status, _, _ := e.form("deelnemer", page+"/twiin/bundle", url.Values{}); status != http.StatusConflict {
			t.Fatalf("download without https sandbox: %d", status)
		}
	})
}

// TestTwiinPublicKeyRegistration: a participant registers the public half
// of a key it made itself; a private JWK is refused and not echoed.
func TestTwiinPublicKeyRegistration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, app.Options{SandboxURL: "https://sandbox.test"})
		keys := fmt.Sprintf("/hackathons/%d/sandbox/twiin/keys", e.hid)
		pub := `{"kty":"EC","crv":"P-256","kid":"mijn-1","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}`
		status, _, hdr := e.form("deelnemer", keys, url.Values{"twiin_jwk": {pub}})
		if status != http.StatusSeeOther || !strings.HasSuffix(hdr.Get("Location"), "#twiin") {
			t.Fatalf("register: %d %v", status, hdr)
		}
		priv := strings.Replace(pub, `"kid":"mijn-1"`, `"kid":"mijn-2","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"`, 1)
		status, body, _ := e.form("deelnemer", keys, url.Values{"twiin_jwk": {priv}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "privésleutel") || strings.Contains(body, "jpsQnnGQ") {
			t.Fatalf("private JWK: %d", status)
		}
		var n int
		db.QueryRow(t.Context(), "SELECT COUNT(*) FROM twiin_client_keys WHERE origin = 'participant'").Scan(&n)
		if n != 1 {
			t.Fatalf("%d participant keys stored", n)
		}
	})
}

// TestTwiinExchangesShown: the page lists what the sandbox listener's
// engine recorded — every exchange for a manager, none of another
// organisation's for a participant.
func TestTwiinExchangesShown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, app.Options{SandboxURL: "https://sandbox.test"})
		var code string
		db.QueryRow(t.Context(), "SELECT code FROM hackathons WHERE id = ?", e.hid).Scan(&code)
		eng, err := orgsandbox.Shared(orgsandbox.Options{DB: db, BaseURL: "https://sandbox.test"})
		if err != nil {
			t.Fatal(err)
		}
		// A request without mutual TLS is refused and recorded.
		w := httptest.NewRecorder()
		eng.ServeHTTP(w, httptest.NewRequest("POST", "/h/"+code+"/twiin/oauth/token", nil))
		if w.Code != http.StatusUnauthorized {
			t.Fatalf("engine: %d", w.Code)
		}
		page := fmt.Sprintf("/hackathons/%d/sandbox", e.hid)
		table := func(who string) string {
			t.Helper()
			_, body, _ := e.do(who, "GET", page, "", "")
			i := strings.Index(body, `id="twiin-exchanges"`)
			if i < 0 {
				t.Fatalf("%s: no exchanges table", who)
			}
			return body[i:]
		}
		if tb := table("admin"); !strings.Contains(tb, "POST /h/"+code+"/twiin/oauth/token</code>") || !strings.Contains(tb, "geen TLS") {
			t.Fatal("the manager does not see the recorded exchange")
		}
		if tb := table("deelnemer"); strings.Contains(tb, "POST /h/") {
			t.Fatal("a participant sees an exchange that is not its own")
		}
	})
}

// TestTwiinNotifyGoesThroughSSRFGuard: ketentest's reference sender only
// calls https URLs, and only public addresses (the reference PGO's guard).
func TestTwiinNotifyGoesThroughSSRFGuard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, app.Options{SandboxURL: "https://sandbox.test"})
		page := fmt.Sprintf("/hackathons/%d/sandbox", e.hid)
		_, body, _ := e.do("deelnemer", "GET", page, "", "")
		if !strings.Contains(body, `id="twiin-notify-form"`) || !strings.Contains(body, "/twiin/jwks.json") {
			t.Fatal("no notify form with the JWKS URL")
		}
		notify := page + "/twiin/notify"
		status, body, _ := e.form("deelnemer", notify, url.Values{"twiin_notify_url": {"http://ehr.example.nl/twiin"}, "twiin_token_url": {"https://ehr.example.nl/token"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "https-URL") {
			t.Fatalf("http URL: %d", status)
		}
		status, body, _ = e.form("deelnemer", notify, url.Values{"twiin_notify_url": {"https://10.0.0.1/twiin"}, "twiin_token_url": {"https://10.0.0.1/token"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "not a public address") {
			t.Fatalf("internal address: %d", status)
		}
		_, body, _ = e.do("deelnemer", "GET", page, "", "")
		i := strings.Index(body, `id="twiin-exchanges"`)
		if i < 0 || !strings.Contains(body[i:], "https://10.0.0.1/twiin/Task") {
			t.Fatal("the refused send is not among the participant's exchanges")
		}
	})
}
