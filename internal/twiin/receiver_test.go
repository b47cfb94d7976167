package twiin

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/orgauth"
)

// stubAuth accepts "Bearer ok-{URA}".
type stubAuth struct{}

func (stubAuth) Authorize(r *http.Request, _ string) (*orgauth.Token, error) {
	v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ok-")
	if !ok {
		return nil, errors.New("no token")
	}
	return &orgauth.Token{URA: v}, nil
}

func post(t *testing.T, h http.Handler, method, path, ct, auth, body string) (*httptest.ResponseRecorder, *Outcome) {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Content-Type", ct)
	if auth != "" {
		r.Header.Set("Authorization", auth)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	a := &Answer{Body: w.Body.Bytes()}
	return w, a.Outcome()
}

func TestReceiverAnswers(t *testing.T) {
	notified := 0
	rc := &Receiver{OwnerURAs: []string{"90000002"}, Auth: stubAuth{}, BaseURL: "https://b.test/notify", Now: func() time.Time { return t0 },
		OnNotify: func(*Received) { notified++ }}
	good := string(sample().Build().JSON())
	const fj = "application/fhir+json"
	cases := []struct {
		name, method, path, ct, auth, body string
		status                             int
		want                               string
	}{
		{"no token", "POST", "/Task", fj, "", good, 401, "access token"},
		{"not JSON", "POST", "/Task", "application/fhir+xml", "Bearer ok-90000001", good, 415, "Content-Type"},
		{"R4", "POST", "/Task", fj + "; fhirVersion=4.0", "Bearer ok-90000001", good, 415, "STU3"},
		{"not a Task", "POST", "/Task", fj, "Bearer ok-90000001", `{"resourceType":"Patient"}`, 422, "geen Task"},
		{"broken JSON", "POST", "/Task", fj, "Bearer ok-90000001", `{"resourceType":`, 400, "JSON"},
		{"invalid Task", "POST", "/Task", fj, "Bearer ok-90000001", strings.Replace(good, `"proposal"`, `"order"`, 1), 422, "Task.intent"},
		{"unknown owner", "POST", "/Task", fj, "Bearer ok-90000001", strings.Replace(good, `"90000002"`, `"90000003"`, 1), 422, "onbekende ontvanger"},
		{"requester not the token's", "POST", "/Task", fj, "Bearer ok-90000009", good, 403, "niet de organisatie van het token"},
		{"cancel unknown", "PUT", "/Task?identifier=" + sample().Build().IdentifierToken(), fj, "Bearer ok-90000001", good, 400, "komt niet overeen"},
		{"ok", "POST", "/Task", fj, "Bearer ok-90000001", good, 201, ""},
		{"repeat", "POST", "/Task", fj, "Bearer ok-90000001", good, 201, ""},
		{"reuse with other content", "POST", "/Task", fj, "Bearer ok-90000001", strings.Replace(good, "b3BhcXVl", "other", 1), 409, "nieuw identifier"},
		{"other path", "DELETE", "/Task/x", fj, "Bearer ok-90000001", "", 404, "alleen"},
	}
	for _, c := range cases {
		w, o := post(t, rc, c.method, c.path, c.ct, c.auth, c.body)
		if w.Code != c.status {
			t.Errorf("%s: status %d, want %d (%s)", c.name, w.Code, c.status, w.Body)
			continue
		}
		if c.want != "" && (o == nil || !strings.Contains(o.Issue[0].Diagnostics+o.Issue[len(o.Issue)-1].Diagnostics, c.want)) {
			t.Errorf("%s: outcome %s, want %q", c.name, w.Body, c.want)
		}
	}
	if notified != 1 || rc.Count() != 1 {
		t.Fatalf("notified %d times, %d tasks", notified, rc.Count())
	}
}

func TestReceiverCancel(t *testing.T) {
	cancelled := 0
	rc := &Receiver{OwnerURAs: []string{"90000002"}, Auth: stubAuth{}, Now: func() time.Time { return t0 }, OnCancel: func(*Received) { cancelled++ }}
	task := sample().Build()
	if w, _ := post(t, rc, "POST", "/Task", "application/fhir+json", "Bearer ok-90000001", string(task.JSON())); w.Code != 201 {
		t.Fatal(w.Body)
	}
	path := "/Task?identifier=" + strings.ReplaceAll(task.IdentifierToken(), "|", "%7C")
	w, _ := post(t, rc, "PUT", path, "application/fhir+json", "Bearer ok-90000001", string(task.Cancelled().JSON()))
	if w.Code != 200 || cancelled != 1 {
		t.Fatalf("cancel: %d %s, OnCancel %d", w.Code, w.Body, cancelled)
	}
	other := sample().Build()
	w, _ = post(t, rc, "PUT", "/Task?identifier="+strings.ReplaceAll(other.IdentifierToken(), "|", "%7C"), "application/fhir+json", "Bearer ok-90000001", string(other.Cancelled().JSON()))
	if w.Code != 404 {
		t.Fatalf("cancel of an unknown notification: %d", w.Code)
	}
}

// TestCancelStopsPendingPull: a cancellation arriving while the pull is
// under way stops the requests not yet made.
func TestCancelStopsPendingPull(t *testing.T) {
	release := make(chan struct{})
	served := make(chan string, 64)
	holder := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"access_token":"t","token_type":"Bearer","expires_in":60}`))
			return
		}
		served <- r.URL.Path
		select {
		case <-release:
		case <-r.Context().Done():
		}
		w.Write([]byte(`{"resourceType":"Bundle","entry":[]}`))
	}))
	defer holder.Close()
	defer close(release)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p := &Puller{HTTP: holder.Client(), Concurrency: 1, Creds: Credentials{ClientID: "b", Kid: "k", Key: key},
		Resolve: func(context.Context, string) (Endpoints, error) {
			return Endpoints{FHIRBase: holder.URL + "/fhir", Token: holder.URL + "/token"}, nil
		}}
	rc := &Receiver{OwnerURAs: []string{"90000002"}, Auth: stubAuth{}, Now: func() time.Time { return t0 }}
	type outcome struct {
		res *PullResult
		err error
	}
	done := make(chan outcome, 1)
	PullOnNotify(rc, p, func(_ *Received, res *PullResult, err error) { done <- outcome{res, err} })
	n := sample()
	n.NotAfter = time.Now().Add(time.Hour)
	task := n.Build()
	if w, _ := post(t, rc, "POST", "/Task", "application/fhir+json", "Bearer ok-90000001", string(task.JSON())); w.Code != 201 {
		t.Fatal(w.Body)
	}
	<-served // the first query is under way
	path := "/Task?identifier=" + strings.ReplaceAll(task.IdentifierToken(), "|", "%7C")
	if w, _ := post(t, rc, "PUT", path, "application/fhir+json", "Bearer ok-90000001", string(task.Cancelled().JSON())); w.Code != 200 {
		t.Fatal(w.Body)
	}
	select {
	case o := <-done:
		if !errors.Is(o.err, ErrPullStopped) {
			t.Fatalf("pull err = %v", o.err)
		}
		stopped := 0
		for _, r := range o.res.Results {
			if strings.HasPrefix(r.Err, "afgebroken") {
				stopped++
			}
		}
		if stopped < len(o.res.Results)-1 {
			t.Fatalf("only %d of %d requests stopped", stopped, len(o.res.Results))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the pull did not stop after the cancellation")
	}
}

func TestRecordedPathMasksSecrets(t *testing.T) {
	u, _ := url.Parse("/fhir/Condition?access_token=secret&refresh_token=x&category=a%7Cb")
	got := RecordedPath(u)
	if strings.Contains(got, "secret") || !strings.Contains(got, "access_token=%2A%2A%2A") || !strings.Contains(got, "category=a%7Cb") {
		t.Fatalf("recorded %q", got)
	}
	u, _ = url.Parse("/fhir/Observation/$lastn?code=http://loinc.org|1")
	if got := RecordedPath(u); got != "/fhir/Observation/$lastn?code=http://loinc.org|1" {
		t.Fatalf("recorded %q", got)
	}
}

func FuzzCovers(f *testing.F) {
	b := MintBase("h", "90000001", "90000002", "999990019", []string{"Observation/$lastn?code=http://loinc.org|1,http://loinc.org|2", "Condition"}, []string{"DocumentReference/d1"}, t0)
	f.Add("Observation/$lastn", "code=http://loinc.org%7C2,http://loinc.org%7C1")
	f.Add("Condition", "")
	f.Add("DocumentReference/d1", "")
	f.Add("%zz", "a=%")
	f.Fuzz(func(t *testing.T, rel, q string) {
		if Covers(b, rel, q) && !strings.HasPrefix(rel, "Observation") && !strings.HasPrefix(rel, "Condition") && !strings.HasPrefix(rel, "DocumentReference") {
			t.Fatalf("%q?%q covered", rel, q)
		}
	})
}
