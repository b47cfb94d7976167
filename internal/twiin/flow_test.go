package twiin

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/orgauth"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/testca"
)

const (
	bgzResources = "../../../shared/fhir/testscripts/STU3/BgZ-3-0/Cert/_reference/resources"
	testBSN      = "999990019"
)

// instance is one in-process ketentest sandbox playing one organisation:
// authorization server, notification endpoint and guarded FHIR server on
// one mutual-TLS listener.
type instance struct {
	name, ura string
	key       *ecdsa.PrivateKey
	clients   *orgauth.MemClients
	bases     *orgauth.MemBases
	as        *orgauth.Server
	recv      *Receiver
	srv       *httptest.Server
	url       string
	http      *http.Client

	mu        sync.Mutex
	exchanges []Exchange
}

func (in *instance) record(e Exchange) {
	in.mu.Lock()
	in.exchanges = append(in.exchanges, e)
	in.mu.Unlock()
}

func (in *instance) endpoints() Endpoints {
	return Endpoints{Notification: in.url + "/notify", FHIRBase: in.url + "/fhir", Token: in.url + "/orgauth/token"}
}

var (
	fixtureOnce sync.Once
	fixtureSet  *dossier.Set
	fixtureErr  error
)

func bgzFixture(t testing.TB) (*dossier.Set, string) {
	t.Helper()
	if _, err := os.Stat(bgzResources); err != nil {
		t.Skipf("FHIR material not found at %s (CI has ../shared beside the checkout)", bgzResources)
	}
	fixtureOnce.Do(func() {
		rs, err := dossier.LoadDir(bgzResources, fhir.STU3)
		if err != nil {
			fixtureErr = err
			return
		}
		fixtureSet, fixtureErr = dossier.NewSet("bgz", "bgz-", rs)
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	ps, _ := fixtureSet.Patients(context.Background())
	return fixtureSet, ps[0].Key
}

func newInstance(t testing.TB, ca *testca.CA, ci *orgauth.CredentialIssuer, name, ura string) *instance {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	in := &instance{name: name, ura: ura, key: key, clients: orgauth.NewMemClients(), bases: orgauth.NewMemBases()}
	p := testca.Participant{ID: name, Name: "Zorgorganisatie " + name, URA: ura}
	serverCert, err := ca.IssueServer(p, []string{"127.0.0.1"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	clientCert, err := ca.IssueClient(p, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	in.srv = httptest.NewUnstartedServer(mux)
	in.srv.TLS = ca.ServerTLS(serverCert)
	in.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // handshakes cut by Close at the end of a benchmark
	in.url = "https://" + in.srv.Listener.Addr().String()
	in.as, err = orgauth.New(orgauth.Config{Hackathon: ca.Hackathon, TokenEndpoint: in.url + "/orgauth/token",
		Clients: in.clients, Bases: in.bases, Credentials: ci, UseCaseScopes: []string{"notification"}})
	if err != nil {
		t.Fatal(err)
	}
	set, pkey := bgzFixture(t)
	in.recv = &Receiver{OwnerURAs: []string{ura}, Auth: in.as, BaseURL: in.url + "/notify", Record: in.record}
	fix := &FixtureFHIR{Version: fhir.STU3, BaseURL: in.url + "/fhir", Source: set, ByBSN: map[string]string{testBSN: pkey}}
	rs := &ResourceServer{Hackathon: ca.Hackathon, Auth: in.as, Bases: in.bases, BaseURL: in.url + "/fhir", Next: fix, Record: in.record}
	mux.Handle("/orgauth/", http.StripPrefix("/orgauth", in.as))
	mux.Handle("/notify/", http.StripPrefix("/notify", in.recv))
	mux.Handle("/fhir/", http.StripPrefix("/fhir", rs))
	in.srv.StartTLS()
	t.Cleanup(in.srv.Close)
	tr := &http.Transport{TLSClientConfig: ca.ClientTLS(clientCert), MaxIdleConnsPerHost: 8, ForceAttemptHTTP2: true}
	in.http = &http.Client{Transport: tr, Timeout: 10 * time.Second}
	return in
}

// register makes a known at b's authorization server as client a.name,
// also by its test DID.
func register(a, b *instance) {
	b.clients.Put(&orgauth.Client{ID: a.name, Hackathon: "pzp-test", URA: a.ura, Name: a.name, DID: a.did(),
		Keys: map[string]crypto.PublicKey{"k1": &a.key.PublicKey}})
}

func (in *instance) did() string { return orgauth.TestDID("sandbox.test", "pzp-test", in.name) }

func (in *instance) creds() Credentials {
	return Credentials{ClientID: in.name, Kid: "k1", Key: in.key}
}

// pair sets up sender A and receiver B; B pulls on every notification and
// reports on pulled.
type pair struct {
	a, b   *instance
	ci     *orgauth.CredentialIssuer
	puller *Puller
	sender *Sender
	pulled chan *PullResult
	failed chan error
}

func newPair(t testing.TB) *pair {
	t.Helper()
	ca, err := testca.New("pzp-test", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ci, err := orgauth.NewCredentialIssuer("pzp-test", "did:web:sandbox.test:hackathon:pzp-test", nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &pair{ci: ci, a: newInstance(t, ca, ci, "vendor-a", "90000001"), b: newInstance(t, ca, ci, "vendor-b", "90000002"),
		pulled: make(chan *PullResult, 16), failed: make(chan error, 16)}
	register(p.a, p.b)
	register(p.b, p.a)
	dir := map[string]Endpoints{p.a.ura: p.a.endpoints(), p.b.ura: p.b.endpoints()}
	puller := &Puller{HTTP: p.b.http, Creds: p.b.creds(), Concurrency: 4, Resolve: func(_ context.Context, ura string) (Endpoints, error) {
		if e, ok := dir[ura]; ok {
			return e, nil
		}
		return Endpoints{}, fmt.Errorf("URA %s onbekend", ura)
	}}
	p.puller = puller
	p.b.recv.OnNotify = func(r *Received) {
		go func() {
			res, err := puller.Pull(context.Background(), r.Task)
			if err != nil {
				p.failed <- err
				return
			}
			p.pulled <- res
		}()
	}
	p.sender = &Sender{HTTP: p.a.http, Creds: p.a.creds()}
	return p
}

func bgzQueries() []string {
	var qs []string
	for _, s := range pgoclient.BgZSearches {
		qs = append(qs, s.Resource+s.Params)
	}
	return qs
}

// mint makes sender A's authorization base for B and the Notification.
func (p *pair) mint(t testing.TB, notAfter time.Time) *Task {
	base := MintBase("pzp-test", p.a.ura, p.b.ura, testBSN, bgzQueries(), nil, notAfter)
	if err := p.a.bases.PutBase(context.Background(), base); err != nil {
		t.Fatal(err)
	}
	return NotificationFor(base).Build()
}

func (p *pair) wait(t testing.TB) *PullResult {
	t.Helper()
	select {
	case r := <-p.pulled:
		return r
	case err := <-p.failed:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("no pull within 10 s")
	}
	return nil
}

func TestNotifiedPullBetweenTwoSandboxes(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	task := p.mint(t, time.Now().Add(time.Hour))
	ans, err := p.sender.Notify(ctx, p.b.endpoints(), task)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Status != http.StatusCreated || !strings.Contains(ans.Location, "/notify/Task/") {
		t.Fatalf("notify: %d %s %s", ans.Status, ans.Location, ans.Body)
	}
	res := p.wait(t)
	if len(res.Results) != 28 {
		t.Fatalf("%d requests pulled, want the 28 BgZ searches", len(res.Results))
	}
	total := 0
	for _, r := range res.Results {
		if r.Status != 200 || r.Err != "" || r.Resource != "Bundle" {
			t.Errorf("%s: %d %s %s", r.Query, r.Status, r.Resource, r.Err)
		}
		total += r.Entries
	}
	if total == 0 {
		t.Fatal("the pull returned no data at all")
	}
	t.Logf("pulled 28 searches, %d entries, in %s", total, res.Took)

	// The notification was recorded with the peer certificate's subject.
	p.b.mu.Lock()
	var notif *Exchange
	for i := range p.b.exchanges {
		if p.b.exchanges[i].Role == "receiver" {
			notif = &p.b.exchanges[i]
		}
	}
	p.b.mu.Unlock()
	if notif == nil || notif.Status != 201 || notif.PeerURA != p.a.ura || !strings.Contains(notif.PeerSubject, "TEST Zorgorganisatie vendor-a") || notif.TokenURA != p.a.ura {
		t.Fatalf("recorded notification: %+v", notif)
	}

	// Sending the same Task again: one task, same answer, no second pull.
	again, err := p.sender.Notify(ctx, p.b.endpoints(), task)
	if err != nil || again.Status != 201 || again.Location != ans.Location {
		t.Fatalf("repeat: %v %+v (first %s)", err, again, ans.Location)
	}
	if p.b.recv.Count() != 1 {
		t.Fatalf("receiver holds %d notifications", p.b.recv.Count())
	}
	select {
	case <-p.pulled:
		t.Fatal("a repeated notification triggered a second pull")
	case <-time.After(100 * time.Millisecond):
	}

	// Cancellation by conditional update.
	c, err := p.sender.Cancel(ctx, p.b.endpoints(), task)
	if err != nil || c.Status != 200 {
		t.Fatalf("cancel: %v %+v", err, c)
	}
	id := ans.Location[strings.Index(ans.Location, "/Task/")+6:]
	id = strings.TrimSuffix(id, "/_history/1")
	if r, ok := p.b.recv.Get(id); !ok || !r.Cancelled {
		t.Fatalf("task %s not cancelled", id)
	}
}

// TestNotifiedPullNutsStyle: the receiver gets its token with a test
// Verifiable Presentation of the X509Credential ketentest issued to it
// (vp_token-bearer), over mutual TLS.
func TestNotifiedPullNutsStyle(t *testing.T) {
	p := newPair(t)
	vc, err := p.ci.IssueX509Credential(p.b.did(), p.b.ura, "Zorgorganisatie vendor-b", p.b.name, time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	p.puller.Creds.DID, p.puller.Creds.Credential = p.b.did(), vc
	task := p.mint(t, time.Now().Add(time.Hour))
	if ans, err := p.sender.Notify(context.Background(), p.b.endpoints(), task); err != nil || ans.Status != 201 {
		t.Fatalf("notify: %v %+v", err, ans)
	}
	res := p.wait(t)
	if !res.OK() || len(res.Results) != 28 {
		t.Fatalf("pull with a VP token: %+v", res)
	}
	// A credential naming another URA is refused at the token endpoint.
	wrong, _ := p.ci.IssueX509Credential(p.b.did(), "90000009", "X", p.b.name, time.Now(), time.Hour)
	creds := p.puller.Creds
	creds.Credential = wrong
	_, err = creds.FetchToken(context.Background(), p.b.http, p.a.endpoints().Token, task.Base(), "")
	if oe, ok := err.(*orgauth.Error); !ok || oe.Code != "invalid_verifiable_credentials" {
		t.Fatalf("wrong URA credential: %v", err)
	}
}

// pullAs fetches a token at A for the base and GETs rel at A's FHIR base.
func (p *pair) pullAs(t *testing.T, base, rel string) (int, *Outcome) {
	t.Helper()
	tok, err := p.b.creds().FetchToken(context.Background(), p.b.http, p.a.endpoints().Token, base, "")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", p.a.endpoints().FHIRBase+"/"+rel, nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := p.b.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var o Outcome
	if json.Unmarshal(body, &o) != nil || o.ResourceType != "OperationOutcome" {
		return resp.StatusCode, nil
	}
	return resp.StatusCode, &o
}

func TestPullOutsideBaseRefused(t *testing.T) {
	p := newPair(t)
	task := p.mint(t, time.Now().Add(time.Hour))
	base := task.Base()
	if st, _ := p.pullAs(t, base, "Condition"); st != 200 {
		t.Fatalf("listed query: %d", st)
	}
	for _, rel := range []string{
		"Patient", // type listed, but not this query
		"Condition?code=http://snomed.info/sct|1", // unlisted query on a listed type
		"Condition/123", // a read that was not listed
		"Observation?code=http://loinc.org|8302-2", // other params
		"Questionnaire", // type not in the base at all
	} {
		st, o := p.pullAs(t, base, rel)
		if st != 403 || o == nil || !strings.Contains(o.Issue[0].Diagnostics, "buiten") {
			t.Errorf("%s: %d %+v, want 403 with an OperationOutcome", rel, st, o)
		}
	}
	// No base: a notification-scope token has no business at the FHIR server.
	tok, err := p.b.creds().FetchToken(context.Background(), p.b.http, p.a.endpoints().Token, "", "notification")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", p.a.endpoints().FHIRBase+"/Condition", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := p.b.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("token without base: %d", resp.StatusCode)
	}
	// No token at all: 401.
	resp, err = p.b.http.Get(p.a.endpoints().FHIRBase + "/Condition")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("no token: %d", resp.StatusCode)
	}
}

func TestPullAfterPeriodRefused(t *testing.T) {
	p := newPair(t)
	task := p.mint(t, time.Now().Add(time.Hour))
	// Token obtained in time, period then ends (the resource server's clock moves on).
	tok, err := p.b.creds().FetchToken(context.Background(), p.b.http, p.a.endpoints().Token, task.Base(), "")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.a.bases.Base(context.Background(), task.Base())
	b.NotAfter = time.Now().Add(-time.Second)
	p.a.bases.PutBase(context.Background(), b)
	req, _ := http.NewRequest("GET", p.a.endpoints().FHIRBase+"/Condition", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := p.b.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || !strings.Contains(string(body), "periode") {
		t.Fatalf("after the period: %d %s", resp.StatusCode, body)
	}
	// And a new token for the expired base is refused at the token endpoint.
	_, err = p.b.creds().FetchToken(context.Background(), p.b.http, p.a.endpoints().Token, task.Base(), "")
	if oe, ok := err.(*orgauth.Error); !ok || oe.Code != "invalid_grant" {
		t.Fatalf("token for an expired base: %v", err)
	}
}

// BenchmarkNotifiedPull is one complete notified pull between two
// sandboxes over mutual TLS on loopback: sender's token at the receiver,
// POST Notification Task, receiver's token at the sender with the base,
// the 28 BgZ searches.
func BenchmarkNotifiedPull(b *testing.B) {
	p := newPair(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		task := p.mint(b, time.Now().Add(time.Hour))
		ans, err := p.sender.Notify(ctx, p.b.endpoints(), task)
		if err != nil || ans.Status != 201 {
			b.Fatalf("notify: %v %+v", err, ans)
		}
		if res := p.wait(b); !res.OK() || len(res.Results) != 28 {
			b.Fatalf("pull failed: %+v", res)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/pull")
}
