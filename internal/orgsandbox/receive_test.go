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

// TestKetentestAsReceiverPulls: a participant notifies ketentest;
// ketentest resolves the participant's registered endpoints, gets a token
// at the participant's authorization server with its client assertion and
// the authorization base, and pulls exactly the listed queries over
// mutual TLS; every request is recorded with the server certificate's
// subject, and the pull's outcome too.
func TestKetentestAsReceiverPulls(t *testing.T) {
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
		a := newParticipant(t, b, listenerCA.Pool())
		// ketentest's public key, as the participant would fetch it.
		resp, err := a.http.Get(eng.EndpointsOf("PZP").JWKS)
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

		// The participant's side: its authorization server (ketentest
		// registered) and a base-guarded FHIR server.
		f := a.files
		pSrv, _ := tls.X509KeyPair(f["server-cert.pem"], f["server-key.TEST.pem"])
		caPool := x509.NewCertPool()
		caPool.AppendCertsFromPEM(f["ca.pem"])
		mux := http.NewServeMux()
		pts := httptest.NewUnstartedServer(mux)
		pts.Config.ErrorLog = log.New(io.Discard, "", 0)
		pts.TLS = &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{pSrv}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: caPool}
		purl := "https://" + pts.Listener.Addr().String()
		clients := orgauth.NewMemClients(&orgauth.Client{ID: SenderClientID("PZP"), Hackathon: "PZP", URA: SandboxURA, Keys: map[string]crypto.PublicKey{j.Kid: pub}})
		bases := orgauth.NewMemBases()
		as, err := orgauth.New(orgauth.Config{Hackathon: "PZP", TokenEndpoint: purl + "/oauth/token", Clients: clients, Bases: bases, UseCaseScopes: []string{"notification"}})
		if err != nil {
			t.Fatal(err)
		}
		served := make(chan string, 10)
		data := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			served <- r.URL.Path
			w.Header().Set("Content-Type", "application/fhir+json")
			w.Write([]byte(`{"resourceType":"Bundle","type":"searchset","entry":[]}`))
		})
		mux.Handle("/oauth/", http.StripPrefix("/oauth", as))
		mux.Handle("/fhir/", http.StripPrefix("/fhir", &twiin.ResourceServer{Hackathon: "PZP", Auth: as, Bases: bases, BaseURL: purl + "/fhir", Next: data}))
		pts.StartTLS()
		defer pts.Close()

		// Without registered endpoints the pull fails, recorded.
		base := twiin.MintBase("PZP", a.set.URA, SandboxURA, "999990019", []string{"Condition", "AllergyIntolerance"}, nil, now.Add(time.Hour))
		if err := bases.PutBase(ctx, base); err != nil {
			t.Fatal(err)
		}
		ep := eng.EndpointsOf("PZP")
		snd := &twiin.Sender{HTTP: a.http, Creds: a.creds(false)}
		notify := func(b *orgauth.Base) {
			t.Helper()
			ans, err := snd.Notify(ctx, twiin.Endpoints{Notification: ep.Notification, Token: ep.Token}, twiin.NotificationFor(b).Build())
			if err != nil || ans.Status != 201 {
				t.Fatalf("notify ketentest: %v %+v", err, ans)
			}
		}
		waitPull := func() Exchange {
			t.Helper()
			for range 200 {
				xs, _ := eng.Exchanges(ctx, "PZP", a.set.URA, 50)
				for _, x := range xs {
					if x.Role == "pull" {
						return x
					}
				}
				time.Sleep(20 * time.Millisecond)
			}
			t.Fatal("no pull recorded")
			return Exchange{}
		}
		notify(base)
		if x := waitPull(); x.Status != 0 || !strings.Contains(x.Note, "geen endpoints") {
			t.Fatalf("pull without endpoints: %+v", x)
		}
		db.Exec(ctx, "DELETE FROM twiin_exchanges")

		if err := eng.SetEndpoints(ctx, "PZP", org, "Leverancier A", twiin.Endpoints{Token: purl + "/oauth/token", FHIRBase: purl + "/fhir"}); err != nil {
			t.Fatal(err)
		}
		base2 := twiin.MintBase("PZP", a.set.URA, SandboxURA, "999990019", []string{"Condition", "AllergyIntolerance"}, nil, now.Add(time.Hour))
		bases.PutBase(ctx, base2)
		notify(base2)
		x := waitPull()
		if x.Status != 200 || !strings.HasPrefix(x.Note, "2/2 ") {
			t.Fatalf("pull: %+v", x)
		}
		got := map[string]bool{}
		for range 2 {
			got[<-served] = true
		}
		if !got["/Condition"] || !got["/AllergyIntolerance"] {
			t.Fatalf("served %v", got)
		}
		xs, _ := eng.Exchanges(ctx, "PZP", a.set.URA, 50)
		var token, searches int
		for _, x := range xs {
			if x.Role != "puller" {
				continue
			}
			if !strings.Contains(x.PeerSubject, "Leverancier A") || x.Status != 200 {
				t.Fatalf("puller exchange %+v", x)
			}
			if strings.HasSuffix(x.Path, "/oauth/token") {
				token++
			} else if strings.Contains(x.Path, "/fhir/") {
				searches++
			}
		}
		if token != 1 || searches != 2 {
			t.Fatalf("recorded %d token and %d searches: %+v", token, searches, xs)
		}
	})
}
