package orgsandbox

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testca"
	"github.com/ketentest/ketentest/internal/twiin"
)

const bgzResources = "../../../shared/fhir/testscripts/STU3/BgZ-3-0/Cert/_reference/resources"

func insert(t *testing.T, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	id, err := db.Insert(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestKeysAreMadeOncePerHackathon(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Now().UTC()
		hid := insert(t, db, "INSERT INTO hackathons (code, name, variant, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", "PZP", "PZP", "v", now, now)
		k1, err := LoadOrCreateKeys(context.Background(), db, hid, "PZP", "sandbox.test", now)
		if err != nil {
			t.Fatal(err)
		}
		k2, err := LoadOrCreateKeys(context.Background(), db, hid, "PZP", "sandbox.test", now)
		if err != nil {
			t.Fatal(err)
		}
		if !k1.CA.Cert.Equal(k2.CA.Cert) || k1.Issuer.DID != k2.Issuer.DID {
			t.Fatal("a second load made new keys")
		}
		vc, _ := k1.Issuer.IssueX509Credential("did:web:x", "91234567", "A", "a", now, time.Hour)
		if _, err := k2.Issuer.VerifyCredential(vc, "did:web:x", now); err != nil {
			t.Fatalf("credential of the first load does not verify with the second: %v", err)
		}
	})
}

type bundleFiles map[string][]byte

func unzip(t *testing.T, b []byte) bundleFiles {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := bundleFiles{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name[strings.IndexByte(f.Name, '/')+1:]] = data
	}
	return out
}

// participant is a participant using its download.
type participant struct {
	files bundleFiles
	set   Settings
	http  *http.Client
	key   crypto.Signer
}

func newParticipant(t *testing.T, b *Bundle, roots *x509.CertPool) *participant {
	t.Helper()
	f := unzip(t, b.Zip)
	cert, err := tls.X509KeyPair(f["client-cert.pem"], f["client-key.TEST.pem"])
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(f["signing-key.TEST.pem"])
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return &participant{files: f, set: b.Settings, key: k.(crypto.Signer), http: &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: roots, Certificates: []tls.Certificate{cert}}}}}
}

func (p *participant) creds(vp bool) twiin.Credentials {
	c := twiin.Credentials{ClientID: p.set.ClientID, Kid: p.set.Kid, Key: p.key}
	if vp {
		c.DID, c.Credential = p.set.DID, string(p.files["credential.TEST.jwt"])
	}
	return c
}

func TestEngineEndToEnd(t *testing.T) {
	if _, err := os.Stat(bgzResources); err != nil {
		t.Skipf("FHIR material not found at %s (CI has ../shared beside the checkout)", bgzResources)
	}
	rs, err := dossier.LoadDir(bgzResources, fhir.STU3)
	if err != nil {
		t.Fatal(err)
	}
	set, err := dossier.NewSet("bgz", "bgz-", rs)
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := set.Patients(context.Background())
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		pzp := insert(t, db, "INSERT INTO hackathons (code, name, variant, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", "PZP", "PZP", "v", now, now)
		insert(t, db, "INSERT INTO hackathons (code, name, variant, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", "TWN", "Twiin", "v", now, now)
		orgA := insert(t, db, "INSERT INTO organisations (name, created_at) VALUES (?, ?)", "Leverancier A", now)

		// The sandbox listener: its own server certificate, client
		// certificates requested (each hackathon verifies its own).
		listenerCA, _ := testca.New("listener", now)
		srvCert, _ := listenerCA.IssueServer(testca.Participant{ID: "sandbox", Name: "sandbox", URA: "90000000"}, []string{"127.0.0.1"}, now)
		ts := httptest.NewUnstartedServer(nil)
		ts.Config.ErrorLog = log.New(io.Discard, "", 0)
		eng, err := New(Options{DB: db, BaseURL: "https://" + ts.Listener.Addr().String(), Source: func(_ context.Context, hid int64) (dossier.Source, map[string]string, error) {
			if hid != pzp {
				return nil, nil, nil
			}
			return set, map[string]string{"999990019": ps[0].Key}, nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		ts.Config.Handler = eng
		ts.TLS = eng.ListenerTLS(&tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{srvCert.TLS}})
		ts.StartTLS()
		defer ts.Close()

		b, err := eng.ParticipantBundle(ctx, "PZP", orgA, "Leverancier A", []string{"vendor-a.test"})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"client-key.TEST.pem", "signing-key.TEST.pem", "server-key.TEST.pem"} {
			if !strings.Contains(string(unzip(t, b.Zip)[name]), "TEST") {
				t.Fatalf("%s not marked TEST", name)
			}
		}
		var stored string
		db.QueryRow(ctx, "SELECT jwk FROM twiin_client_keys").Scan(&stored)
		if stored == "" || strings.Contains(stored, `"d"`) {
			t.Fatalf("stored key %q: want a public JWK only", stored)
		}
		a := newParticipant(t, b, listenerCA.Pool())
		if pool, err := eng.ClientCAs(ctx); err != nil || len(pool.Subjects()) != 1 {
			t.Fatalf("announced CAs: %v", err)
		}
		ep := eng.EndpointsOf("PZP")

		// ketentest as sender: notification for A, A pulls the 28 BgZ searches.
		var qs []string
		for _, s := range pgoclient.BgZSearches {
			qs = append(qs, s.Resource+s.Params)
		}
		task, err := eng.Notify(ctx, "PZP", a.set.URA, "999990019", qs, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		for _, vp := range []bool{false, true} {
			puller := &twiin.Puller{HTTP: a.http, Creds: a.creds(vp), Resolve: func(context.Context, string) (twiin.Endpoints, error) {
				return twiin.Endpoints{FHIRBase: ep.FHIRBase, Token: ep.Token, Notification: ep.Notification}, nil
			}}
			res, err := puller.Pull(ctx, task)
			if err != nil {
				t.Fatalf("vp=%v: %v", vp, err)
			}
			if !res.OK() || len(res.Results) != 28 {
				t.Fatalf("vp=%v: pull %+v", vp, res.Results)
			}
		}

		// The participant as sender: a notification to ketentest's endpoint.
		n := twiin.Notification{PatientBSN: "999990019", SenderURA: a.set.URA, ReceiverURA: SandboxURA, Base: "their-base",
			Queries: []string{"Condition"}, NotAfter: now.Add(time.Hour)}
		snd := &twiin.Sender{HTTP: a.http, Creds: a.creds(false)}
		ans, err := snd.Notify(ctx, twiin.Endpoints{Notification: ep.Notification, Token: ep.Token}, n.Build())
		if err != nil || ans.Status != 201 {
			t.Fatalf("notify ketentest: %v %+v", err, ans)
		}
		// (ketentest's pull round may be recorded after it, concurrently)
		xs, _ := eng.Exchanges(ctx, "PZP", "", 10)
		var last Exchange
		for _, x := range xs {
			if x.Role == "receiver" {
				last = x
				break
			}
		}
		if last.Role != "receiver" || last.Status != 201 || last.PeerURA != a.set.URA || !strings.Contains(last.PeerSubject, "TEST Leverancier A") {
			t.Fatalf("recorded exchange %+v", last)
		}

		// The mocks answer with ketentest's own endpoints.
		resp, err := a.http.Get(ep.Mocks + "/zorgab/" + SandboxURA)
		if err != nil {
			t.Fatal(err)
		}
		var zab map[string]string
		json.NewDecoder(resp.Body).Decode(&zab)
		resp.Body.Close()
		if zab["token"] != ep.Token {
			t.Fatalf("zorgab: %v", zab)
		}

		// Another hackathon: A's certificate and tokens are refused there.
		b2, err := eng.ParticipantBundle(ctx, "TWN", orgA, "Leverancier A", nil)
		if err != nil {
			t.Fatal(err)
		}
		a2 := newParticipant(t, b2, listenerCA.Pool())
		if _, err := a.creds(false).FetchToken(ctx, a.http, eng.EndpointsOf("TWN").Token, "", "notification"); err == nil {
			t.Fatal("PZP certificate accepted by TWN")
		}
		tok, err := a.creds(false).FetchToken(ctx, a.http, ep.Token, "", "notification")
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("POST", eng.EndpointsOf("TWN").Notification+"/Task", strings.NewReader(string(n.Build().JSON())))
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("Content-Type", "application/fhir+json")
		resp, err = a2.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Fatalf("PZP token at TWN: %d", resp.StatusCode)
		}
		// No client certificate at all: 401, but the CA certificate is open.
		plain := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: listenerCA.Pool()}}}
		resp, err = plain.Get(ep.Token)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Fatalf("without client certificate: %d", resp.StatusCode)
		}
		resp, err = plain.Get(ep.CA)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Contains(body, []byte("BEGIN CERTIFICATE")) {
			t.Fatalf("ca.pem: %d", resp.StatusCode)
		}
	})
}
