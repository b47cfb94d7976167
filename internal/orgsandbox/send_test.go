package orgsandbox

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/orgauth"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testca"
	"github.com/ketentest/ketentest/internal/twiin"
)

// TestKetentestAsSender: ketentest notifies a participant that runs its
// own authorization server and notification endpoint with the downloaded
// server certificate; the participant registered ketentest's key from
// jwks.json and requires ketentest's client certificate.
func TestKetentestAsSender(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		insert(t, db, "INSERT INTO hackathons (code, name, variant, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", "PZP", "PZP", "v", now, now)
		org := insert(t, db, "INSERT INTO organisations (name, created_at) VALUES (?, ?)", "Leverancier A", now)

		listenerCA, _ := testca.New("listener", now)
		srvCert, _ := listenerCA.IssueServer(testca.Participant{ID: "sandbox", Name: "sandbox", URA: "90000000"}, []string{"127.0.0.1"}, now)
		ts := httptest.NewUnstartedServer(nil)
		ts.Config.ErrorLog = log.New(io.Discard, "", 0)
		eng, err := New(Options{DB: db, BaseURL: "https://" + ts.Listener.Addr().String()})
		if err != nil {
			t.Fatal(err)
		}
		ts.Config.Handler = eng
		ts.TLS = eng.ListenerTLS(&tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{srvCert.TLS}})
		ts.StartTLS()
		defer ts.Close()

		b, err := eng.ParticipantBundle(ctx, "PZP", org, "Leverancier A", []string{"127.0.0.1"})
		if err != nil {
			t.Fatal(err)
		}
		f := unzip(t, b.Zip)

		// ketentest's public key, as the participant would fetch it.
		resp, err := (&http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: listenerCA.Pool()}}}).Get(eng.EndpointsOf("PZP").JWKS)
		if err != nil {
			t.Fatal(err)
		}
		var jwks struct{ Keys []json.RawMessage }
		json.NewDecoder(resp.Body).Decode(&jwks)
		resp.Body.Close()
		if len(jwks.Keys) != 1 {
			t.Fatalf("jwks: %v", jwks)
		}
		pub, j, err := orgauth.ParseJWK(jwks.Keys[0])
		if err != nil || j.Kid != SenderKid("PZP") {
			t.Fatalf("jwk: %v %+v", err, j)
		}

		// The participant's side: its own AS and notification endpoint.
		pSrv, _ := tls.X509KeyPair(f["server-cert.pem"], f["server-key.TEST.pem"])
		caPool := x509.NewCertPool()
		caPool.AppendCertsFromPEM(f["ca.pem"])
		mux := http.NewServeMux()
		pts := httptest.NewUnstartedServer(mux)
		pts.Config.ErrorLog = log.New(io.Discard, "", 0)
		pts.TLS = &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{pSrv}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: caPool}
		purl := "https://" + pts.Listener.Addr().String()
		clients := orgauth.NewMemClients(&orgauth.Client{ID: SenderClientID("PZP"), Hackathon: "PZP", URA: SandboxURA, Keys: map[string]crypto.PublicKey{j.Kid: pub}})
		as, err := orgauth.New(orgauth.Config{Hackathon: "PZP", TokenEndpoint: purl + "/oauth/token", Clients: clients, Bases: orgauth.NewMemBases(), UseCaseScopes: []string{"notification"}})
		if err != nil {
			t.Fatal(err)
		}
		got := make(chan *twiin.Received, 1)
		recv := &twiin.Receiver{OwnerURAs: []string{b.Settings.URA}, Auth: as, BaseURL: purl + "/notify", OnNotify: func(r *twiin.Received) { got <- r }}
		mux.Handle("/oauth/", http.StripPrefix("/oauth", as))
		mux.Handle("/notify/", http.StripPrefix("/notify", recv))
		pts.StartTLS()
		defer pts.Close()

		task, ans, err := eng.SendNotification(ctx, "PZP", twiin.Endpoints{Notification: purl + "/notify", Token: purl + "/oauth/token"},
			b.Settings.URA, "999990019", []string{"Condition"}, time.Hour, nil)
		if err != nil || ans.Status != 201 {
			t.Fatalf("send: %v %+v", err, ans)
		}
		r := <-got
		if r.Task.Base() != task.Base() || r.Peer.URA != SandboxURA || !strings.Contains(r.Peer.Subject, "TEST ketentest sandbox") {
			t.Fatalf("received %+v from %+v", r.Task.Base(), r.Peer)
		}
		xs, _ := eng.Exchanges(ctx, "PZP", "", 10)
		if last := xs[0]; last.Role != "sender" || last.Status != 201 {
			t.Fatalf("recorded %+v", last)
		}
		// A participant that refuses: the answer is kept with its reason.
		_, ans, err = eng.SendNotification(ctx, "PZP", twiin.Endpoints{Notification: purl + "/notify", Token: purl + "/oauth/token"},
			"90000009", "999990019", []string{"Condition"}, time.Hour, nil)
		if err != nil || ans.Status != 422 {
			t.Fatalf("unknown owner: %v %+v", err, ans)
		}
		if xs, _ := eng.Exchanges(ctx, "PZP", "", 10); len(xs) == 0 || !strings.Contains(xs[0].Note, "onbekende ontvanger") {
			t.Fatalf("recorded %+v", xs)
		}
	})
}
