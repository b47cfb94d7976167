package orgsandbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/testca"
	"github.com/ketentest/ketentest/internal/twiin"
)

// SenderClientID is ketentest's client id at a participant's authorization
// server (the participant registers it with the key from jwks.json).
func SenderClientID(code string) string { return "ketentest-" + strings.ToLower(code) }

// SenderKid is the kid of ketentest's signing key in a hackathon.
func SenderKid(code string) string { return "ketentest-" + strings.ToLower(code) + "-org" }

// selfCert issues ketentest's own client certificate (URA SandboxURA) of
// the hackathon's CA; it lives in memory for the process.
func selfCert(ca *testca.CA, now time.Time) (*testca.Issued, error) {
	return ca.IssueClient(testca.Participant{ID: "ketentest-sandbox", Name: "ketentest sandbox", URA: SandboxURA}, now)
}

// defaultHTTPClient calls participants with ketentest's client certificate,
// TLS 1.3, trusting the system roots and the hackathon's CA.
func defaultHTTPClient(cert tls.Certificate, roots *x509.CertPool) *http.Client {
	return &http.Client{Timeout: 15 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{Proxy: nil, TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: roots, Certificates: []tls.Certificate{cert}}}}
}

// ClientMaker makes the HTTP client ketentest calls a participant with.
type ClientMaker func(cert tls.Certificate, roots *x509.CertPool) *http.Client

func (e *Engine) senderClient(h *hackathon, mk ClientMaker) *http.Client {
	roots, err := x509.SystemCertPool()
	if err != nil || roots == nil {
		roots = x509.NewCertPool()
	}
	roots.AddCert(h.keys.CA.Cert)
	if mk == nil {
		mk = e.opts.HTTPClient
	}
	if mk == nil {
		mk = defaultHTTPClient
	}
	return mk(h.self.TLS, roots)
}

// DemoBSN is the patient a notification names when the hackathon has no
// test patient with a BSN.
const DemoBSN = "999990019"

// PatientBSN returns a BSN ketentest's FHIR server has data for in
// hackathon code (DemoBSN when none).
func (e *Engine) PatientBSN(ctx context.Context, code string) string {
	h, err := e.get(ctx, code)
	if err != nil || len(h.bsns) == 0 {
		return DemoBSN
	}
	return h.bsns[0]
}

// jwks serves the public half of ketentest's signing key.
func (h *hackathon) jwks(w http.ResponseWriter) {
	j, err := jwkJSON(&h.keys.OrgKey.PublicKey, SenderKid(h.code))
	if err != nil {
		problem(w, http.StatusInternalServerError, "exception", "sleutel niet beschikbaar")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"keys":[`))
	w.Write(j)
	w.Write([]byte(`]}`))
}

// SendNotification is ketentest as sender: it mints an authorization base
// for receiverURA on patient bsn over queries, gets a token at the
// participant's authorization server (client assertion as
// SenderClientID, signed with the key of jwks.json) and POSTs the
// Notification Task to the participant's notification endpoint, with
// ketentest's client certificate. Call it only with endpoints that passed
// the SSRF guard (Options.HTTPClient can enforce it on every dial).
func (e *Engine) SendNotification(ctx context.Context, code string, to twiin.Endpoints, receiverURA, bsn string, queries []string, period time.Duration, mk ClientMaker) (*twiin.Task, *twiin.Answer, error) {
	h, err := e.get(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	task, err := e.Notify(ctx, code, receiverURA, bsn, queries, period)
	if err != nil {
		return nil, nil, err
	}
	s := &twiin.Sender{HTTP: e.senderClient(h, mk), Creds: twiin.Credentials{ClientID: SenderClientID(code), Kid: SenderKid(code), Key: h.keys.OrgKey}}
	ans, err := s.Notify(ctx, to, task)
	ex := twiin.Exchange{Role: "sender", At: e.opts.Now(), Method: http.MethodPost, Path: to.Notification + "/Task", PeerURA: receiverURA}
	if err != nil {
		ex.Note = err.Error()
	} else {
		ex.Status = ans.Status
		if o := ans.Outcome(); o != nil && len(o.Issue) > 0 {
			ex.Note = o.Issue[0].Diagnostics
		}
	}
	h.record(ex)
	return task, ans, err
}
