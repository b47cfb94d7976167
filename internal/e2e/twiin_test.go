package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/app"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/orgauth"
	"github.com/ketentest/ketentest/internal/orgsandbox"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testca"
	"github.com/ketentest/ketentest/internal/twiin"
	"github.com/ketentest/ketentest/internal/web"
)

// TestTwiinNotifiedPullProjectathon is issue 16's "done when" in the
// browser, with ketentest's organisation sandbox as the sending care
// provider and a demo vendor (in process, with its TEST download) as the
// receiver: the vendor asks ketentest for a notification on its
// participant page, the notification arrives at the vendor's endpoint,
// the vendor pulls the 28 BgZ searches with a token obtained the Nuts way
// (test VP of its X509Credential-like credential) over mutual TLS, a pull
// outside the authorization base is refused with an OperationOutcome, the
// checks per role are shown, a finding is logged from the failed check,
// and the projectathon matrix shows the pair.
func TestTwiinNotifiedPullProjectathon(t *testing.T) {
	if _, err := os.Stat(bgzCert); err != nil {
		t.Skipf("FHIR material not found at %s: %v", bgzCert, err)
	}
	ctx := Browser(t)
	db := storetest.SQLite(t)
	bg := t.Context()
	now := time.Now().UTC()

	// The test patients ketentest serves as the sender.
	rs, err := dossier.LoadDir(filepath.Join(bgzCert, "_reference", "resources"), fhir.STU3)
	if err != nil {
		t.Fatal(err)
	}
	dossiers := dossier.NewStore(db)
	// The Cert patients' BSNs are masked: the test patient gets a test
	// BSN, as a hackathon's own dossier would carry.
	var did int64
	source := func(ctx context.Context, hid int64) (dossier.Source, map[string]string, error) {
		src, byBSN, err := orgsandbox.DossierSource(dossiers)(ctx, hid)
		if err == nil {
			byBSN["999990019"] = fmt.Sprintf("%d:medmij-bgz-patient-ts-01", did)
		}
		return src, byBSN, err
	}

	// ketentest's sandbox listener (TLS; mutual TLS per hackathon CA).
	listenerCA, _ := testca.New("listener", now)
	srvCert, _ := listenerCA.IssueServer(testca.Participant{ID: "sandbox", Name: "sandbox", URA: orgsandbox.SandboxURA}, []string{"127.0.0.1"}, now)
	sts := httptest.NewUnstartedServer(nil)
	sts.Config.ErrorLog = log.New(io.Discard, "", 0)
	sbURL := "https://" + sts.Listener.Addr().String()
	eng, err := orgsandbox.Shared(orgsandbox.Options{DB: db, BaseURL: sbURL, Source: source})
	if err != nil {
		t.Fatal(err)
	}
	sts.Config.Handler = eng
	sts.TLS = eng.ListenerTLS(&tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{srvCert.TLS}})
	sts.StartTLS()
	t.Cleanup(sts.Close)

	// The receiving vendor's listener address, allowed through the SSRF
	// guard (it is on loopback).
	mux := http.NewServeMux()
	pts := httptest.NewUnstartedServer(mux)
	pts.Config.ErrorLog = log.New(io.Discard, "", 0)
	purl := "https://" + pts.Listener.Addr().String()

	srv, ts := serveWith(t, db, web.Options{Version: "e2e"}, app.Options{SandboxURL: sbURL, PGOAllowHosts: pts.Listener.Addr().String()})
	lead := newUser(t, srv, account.NewUser{Email: "lead@example.org", Name: "Petra Lead", CanCreateHackathon: true})
	dev := newUser(t, srv, account.NewUser{Email: "dev@epd-b.example", Name: "Bram Bouwer"})
	h := newHackathon(t, srv, hackathon.Input{Code: "PZP", Name: "PZP-projectathon", Variant: "technisch",
		Kickoff: date.New(2027, 1, 10), Days: []date.Date{date.New(2027, 2, 10)}}, lead.ID)
	did, err = dossiers.Create(bg, h.ID, "BgZ Cert", "48", fhir.STU3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dossiers.AddVersion(bg, did, "Nictiz BgZ Cert fixtures", rs); err != nil {
		t.Fatal(err)
	}

	orgB, err := srv.Hackathons.CreateOrganisation(bg, "Zorg-EPD B", "xis")
	if err != nil {
		t.Fatal(err)
	}
	addMember(t, srv, h.ID, dev.ID, "deelnemer", orgB, lead.ID)
	hack := fmt.Sprintf("%s/hackathons/%d", ts.URL, h.ID)

	// The vendor's TEST download (what the page's download button gives).
	b, err := eng.ParticipantBundle(bg, "PZP", orgB, "Zorg-EPD B", []string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	f := unzipBundle(t, b.Zip)
	clientCert, err := tls.X509KeyPair(f["client-cert.pem"], f["client-key.TEST.pem"])
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(f["signing-key.TEST.pem"])
	sk, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	bHTTP := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS13,
		RootCAs: listenerCA.Pool(), Certificates: []tls.Certificate{clientCert}}}}

	// The vendor's side: its authorization server with ketentest's key
	// (from jwks.json) and its notification endpoint, over mutual TLS.
	resp, err := bHTTP.Get(eng.EndpointsOf("PZP").JWKS)
	if err != nil {
		t.Fatal(err)
	}
	var jwks struct{ Keys []json.RawMessage }
	json.NewDecoder(resp.Body).Decode(&jwks)
	resp.Body.Close()
	pub, j, err := orgauth.ParseJWK(jwks.Keys[0])
	if err != nil {
		t.Fatal(err)
	}
	pSrv, _ := tls.X509KeyPair(f["server-cert.pem"], f["server-key.TEST.pem"])
	caPool := x509.NewCertPool()
	caPool.AppendCertsFromPEM(f["ca.pem"])
	pts.TLS = &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{pSrv}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: caPool}
	as, err := orgauth.New(orgauth.Config{Hackathon: "PZP", TokenEndpoint: purl + "/oauth/token", UseCaseScopes: []string{"notification"}, Bases: orgauth.NewMemBases(),
		Clients: orgauth.NewMemClients(&orgauth.Client{ID: orgsandbox.SenderClientID("PZP"), Hackathon: "PZP", URA: orgsandbox.SandboxURA, Keys: map[string]crypto.PublicKey{j.Kid: pub}})})
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan *twiin.Received, 1)
	recv := &twiin.Receiver{OwnerURAs: []string{b.Settings.URA}, Auth: as, BaseURL: purl + "/notify", OnNotify: func(r *twiin.Received) { got <- r }}
	mux.Handle("/oauth/", http.StripPrefix("/oauth", as))
	mux.Handle("/notify/", http.StripPrefix("/notify", recv))
	pts.StartTLS()
	t.Cleanup(pts.Close)

	do(t, ctx, "log in as the vendor's developer", login(ts.URL, "dev@epd-b.example")...)
	do(t, ctx, "open the organisation sandbox section", chromedp.Navigate(hack+"/sandbox#twiin"), chromedp.WaitVisible(css("#twiin-notify-form")))
	do(t, ctx, "ask ketentest for a notification",
		chromedp.SendKeys(css("#twiin_notify_url"), purl+"/notify"),
		chromedp.SendKeys(css("#twiin_token_url"), purl+"/oauth/token"),
		chromedp.Submit(css("#twiin_notify_url")),
		poll(`document.querySelector("#twiin-exchanges") && document.querySelector("#twiin-exchanges").textContent.includes("/notify/Task")`),
		chromedp.ScrollIntoView(css("#twiin-exchanges")),
	)
	Screenshot(t, ctx, "twiin-01-notified")
	var r *twiin.Received
	select {
	case r = <-got:
	case <-time.After(10 * time.Second):
		t.Fatalf("no notification arrived; page: %s", text(t, ctx, "main"))
	}
	if r.Peer.URA != orgsandbox.SandboxURA || len(r.Task.Queries()) != 28 {
		t.Fatalf("notification from %+v with %d queries", r.Peer, len(r.Task.Queries()))
	}

	// The vendor pulls: Nuts-style token (test VP) over mutual TLS.
	creds := twiin.Credentials{ClientID: b.Settings.ClientID, Kid: b.Settings.Kid, Key: sk.(crypto.Signer), DID: b.Settings.DID, Credential: string(f["credential.TEST.jwt"])}
	ep := eng.EndpointsOf("PZP")
	puller := &twiin.Puller{HTTP: bHTTP, Creds: creds, Resolve: func(context.Context, string) (twiin.Endpoints, error) {
		return twiin.Endpoints{Token: ep.Token, FHIRBase: ep.FHIRBase}, nil
	}}
	res, err := puller.Pull(bg, r.Task)
	if err != nil || !res.OK() || len(res.Results) != 28 {
		t.Fatalf("pull: %v %+v", err, res)
	}
	entries := 0
	for _, q := range res.Results {
		entries += q.Entries
	}
	if entries == 0 {
		t.Fatal("the pull returned no data")
	}
	// A pull outside the authorization base: refused, OperationOutcome.
	tok, err := creds.FetchToken(bg, bHTTP, ep.Token, r.Task.Base(), "")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(bg, "GET", ep.FHIRBase+"/Observation?code=http://loinc.org|8302-2", nil)
	req.Header.Set("Authorization", tok.TokenType+" "+tok.AccessToken)
	resp, err = bHTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var oo struct {
		ResourceType string `json:"resourceType"`
	}
	json.NewDecoder(resp.Body).Decode(&oo)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || oo.ResourceType != "OperationOutcome" {
		t.Fatalf("outside the base: %d %s", resp.StatusCode, oo.ResourceType)
	}

	// The checks per role on the participant page.
	do(t, ctx, "see the checks", chromedp.Navigate(hack+"/sandbox"), chromedp.WaitVisible(css("#twiin-checks")), chromedp.ScrollIntoView(css("#twiin-checks")))
	Screenshot(t, ctx, "twiin-02-checks")
	checks := text(t, ctx, "#twiin-checks")
	for _, id := range []string{"receiver_task_accepted", "receiver_client_cert"} {
		cls, err := chromedp.Run(ctx, chromedp.AttributeValue(css(`#twiin-checks li[data-check="`+id+`"]`), "class"))
		if err != nil || cls.Value != "check-pass" {
			t.Errorf("check %s: %q %v (%s)", id, cls.Value, err, checks)
		}
	}
	cls, err := chromedp.Run(ctx, chromedp.AttributeValue(css(`#twiin-checks li[data-check="receiver_pulls"]`), "class"))
	if err != nil || cls.Value != "check-fail" || !strings.Contains(checks, "/Observation?code=") {
		t.Fatalf("the pull outside the base is not a failed check: %q %v (%s)", cls.Value, err, checks)
	}
	if n := strings.Count(checks, "nog niet uitgevoerd") + strings.Count(checks, "geslaagd") + strings.Count(checks, "mislukt"); n != len(orgsandbox.EvaluateChecks(nil, "x")) {
		t.Errorf("%d checks shown: %s", n, checks)
	}

	// Log a finding from the failed check.
	do(t, ctx, "log a finding from the failed check",
		chromedp.Click(css(`#twiin-checks li[data-check="receiver_pulls"] a.button`)),
		chromedp.WaitVisible(css("#f-title")),
	)
	title, _ := chromedp.Run(ctx, chromedp.Value(css("#f-title")))
	if !strings.HasPrefix(title, "Twiin: ") {
		t.Fatalf("finding title %q", title)
	}
	Screenshot(t, ctx, "twiin-03-finding-form")
	do(t, ctx, "save the finding", chromedp.Submit(css("#f-title")), poll(`!location.pathname.endsWith("/findings/new")`))
	var n int
	for range 100 {
		db.QueryRow(bg, "SELECT COUNT(*) FROM findings WHERE hackathon_id = ? AND description LIKE ?", h.ID, "%/Observation?code=%403%").Scan(&n)
		if n > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n != 1 {
		t.Fatalf("%d findings logged from the failed check", n)
	}
	Screenshot(t, ctx, "twiin-04-finding-logged")

	// The projectathon matrix shows the pair ketentest ↔ Zorg-EPD B.
	do(t, ctx, "open the matrix", chromedp.Navigate(hack+"/sandbox/twiin/matrix"), chromedp.WaitVisible(css("#twiin-matrix")))
	Screenshot(t, ctx, "twiin-05-matrix")
	row := text(t, ctx, `#twiin-matrix tr[data-pair="`+orgsandbox.SandboxURA+"-"+b.Settings.URA+`"]`)
	if !strings.Contains(row, "Zorg-EPD B") || strings.Count(row, "✓") != len(orgsandbox.Layers) {
		t.Fatalf("matrix row %q", row)
	}
}

func unzipBundle(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name[strings.IndexByte(f.Name, '/')+1:]] = data
	}
	return out
}
