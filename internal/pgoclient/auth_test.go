package pgoclient_test

import (
	"bytes"
	"fmt"
	"github.com/ketentest/ketentest/internal/sandbox/sandboxtest"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

const secret = "s3cr3t-Zebra+/=%&é"

// confidential wraps the reference DVA's token endpoint with the client
// authentication of an external DVA: it demands the secret by method
// (client_secret_basic or client_secret_post), answers 401 invalid_client
// otherwise, and passes the request on without the secret.
func confidential(method string, seen *[]string, mu *sync.Mutex) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || r.URL.Path != "/oauth/token" {
				next.ServeHTTP(w, r)
				return
			}
			body, _ := io.ReadAll(r.Body)
			form, _ := url.ParseQuery(string(body))
			ok := false
			switch method {
			case pgoclient.AuthBasic:
				id, sec, has := r.BasicAuth()
				id, _ = url.QueryUnescape(id)
				sec, _ = url.QueryUnescape(sec)
				ok = has && id == clientID && sec == secret && form.Get("client_secret") == ""
				form.Set("client_id", id)
			case pgoclient.AuthPost:
				ok = r.Header.Get("Authorization") == "" && form.Get("client_id") == clientID && form.Get("client_secret") == secret
				form.Del("client_secret")
			}
			mu.Lock()
			*seen = append(*seen, fmt.Sprintf("%s ok=%v", method, ok))
			mu.Unlock()
			if !ok {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				io.WriteString(w, `{"error":"invalid_client"}`)
				return
			}
			r.Header.Del("Authorization")
			enc := form.Encode()
			r.Body, r.ContentLength = io.NopCloser(strings.NewReader(enc)), int64(len(enc))
			next.ServeHTTP(w, r)
		})
	}
}

// dump returns every row of the tables that keep runs, exchanges and the
// DVA's traffic, as text.
func dump(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"pgo_runs", "pgo_exchanges", "sandbox_traffic", "sandbox_bodies"} {
		rows, err := db.Query(t.Context(), "SELECT * FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%v\t", v)
			}
			b.WriteString("\n")
		}
		rows.Close()
	}
	return b.String()
}

// TestClientSecret: a run against a DVA that authenticates its clients
// sends the secret entered for the run by the method chosen, and the
// secret is nowhere afterwards: not in the stored run or exchanges, not in
// the DVA's recorded traffic, not in the log. A wrong secret gives the
// DVA's invalid_client; a run whose secret is gone says so.
func TestClientSecret(t *testing.T) {
	var logs bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(old) })
	forms := []string{secret, url.QueryEscape(secret), url.PathEscape(secret)}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hid, uid := newHackathon(t, db)
		for _, method := range []string{pgoclient.AuthBasic, pgoclient.AuthPost} {
			t.Run(method, func(t *testing.T) {
				var seen []string
				var mu sync.Mutex
				rs := sandboxtest.PZPResources(t)
				base, id := serveStored(t, db, "pzp", fhir.R4, rs, confidential(method, &seen, &mu))
				c := pgoclient.New(pgoclient.NewStore(db), allowed(base))
				tgt := serviceTarget(base, "pzp")
				tgt.Kind, tgt.AuthMethod, tgt.ClientSecret = pgoclient.TargetExternal, method, secret
				run, xs := runService(t, c, hid, uid, tgt, fmt.Sprintf("%d:nl-core-Patient-01", id))
				if run.Status == pgoclient.StatusError || run.Searches != len(pgoclient.PZPSearches) || run.Target.AuthMethod != method {
					t.Fatalf("run: %s %q, %d searches, auth %q; DVA saw %v", run.Status, run.Error, run.Searches, run.Target.AuthMethod, seen)
				}
				if run.Target.ClientSecret != "" {
					t.Error("the stored run has the secret")
				}
				for _, x := range xs {
					if x.Step != "token" {
						continue
					}
					if method == pgoclient.AuthBasic && x.RequestHeaders.Get("Authorization") != "Basic [redacted]" {
						t.Errorf("token request Authorization: %q", x.RequestHeaders.Get("Authorization"))
					}
					if method == pgoclient.AuthPost && !strings.Contains(x.RequestBody, "client_secret=%5Bredacted%5D") {
						t.Errorf("token request body: %q", x.RequestBody)
					}
				}
				all := dump(t, db)
				for _, f := range forms {
					if strings.Contains(all, f) {
						t.Errorf("the secret (as %q) is stored", f)
					}
				}

				// A wrong secret: the run ends on the DVA's answer.
				tgt.ClientSecret = "wrong"
				run, _ = runService(t, c, hid, uid, tgt, fmt.Sprintf("%d:nl-core-Patient-01", id))
				if run.Status != pgoclient.StatusError || !strings.Contains(run.Error, "no access token (HTTP 401)") {
					t.Errorf("wrong secret: %s %q", run.Status, run.Error)
				}
			})
		}
		for _, f := range forms {
			if strings.Contains(logs.String(), f) {
				t.Errorf("the secret (as %q) is in the log", f)
			}
		}
	})
}

// TestClientSecretGone: the secret lives in memory only; a callback that
// reaches another instance of the client (a restart) cannot use it and
// says why, without calling the token endpoint.
func TestClientSecretGone(t *testing.T) {
	db := storetest.SQLite(t)
	base, id := serveStored(t, db, "pzp", fhir.R4, sandboxtest.PZPResources(t), nil)
	st := pgoclient.NewStore(db)
	c := pgoclient.New(st, allowed(base))
	hid, uid := newHackathon(t, db)
	tgt := serviceTarget(base, "pzp")
	tgt.AuthMethod, tgt.ClientSecret = pgoclient.AuthPost, secret
	run := &pgoclient.Run{HackathonID: hid, CreatedBy: uid, Target: tgt}
	authURL, err := c.Begin(t.Context(), run, "b")
	if err != nil {
		t.Fatal(err)
	}
	back := browser(t, authURL, fmt.Sprintf("%d:nl-core-Patient-01", id), "allow")
	restarted := pgoclient.New(st, allowed(base))
	err = restarted.Complete(t.Context(), run, back.String(), back.Query())
	if err == nil || !strings.Contains(err.Error(), "kept in memory only") {
		t.Fatalf("restarted: %v", err)
	}
	xs, _ := st.Exchanges(t.Context(), run.ID)
	if len(xs) != 2 {
		t.Errorf("%d exchanges, want authorize and callback only", len(xs))
	}
	// Validation: a secret needs a method that sends it, and the reverse.
	for _, bad := range []pgoclient.Target{
		{AuthMethod: pgoclient.AuthNone, ClientSecret: "x"},
		{AuthMethod: pgoclient.AuthBasic},
		{AuthMethod: "private_key_jwt"},
	} {
		tg := serviceTarget(base, "pzp")
		tg.AuthMethod, tg.ClientSecret = bad.AuthMethod, bad.ClientSecret
		if _, err := c.Begin(t.Context(), &pgoclient.Run{HackathonID: hid, Target: tg}, "b"); err == nil {
			t.Errorf("%+v accepted", bad)
		} else if fe, ok := err.(*pgoclient.FieldError); !ok || (fe.Field != "auth_method" && fe.Field != "client_secret") {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}
