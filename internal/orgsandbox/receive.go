package orgsandbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/twiin"
)

// ErrNoEndpoints is returned when ketentest must call an organisation
// that registered no endpoints in the hackathon.
var ErrNoEndpoints = errors.New("organisatie heeft geen endpoints geregistreerd bij deze hackathon")

// SetEndpoints registers organisation orgID's endpoints (notification,
// token, FHIR base) in hackathon code, for ketentest to call as sender
// and as receiver. Callers check each URL with the SSRF guard first.
func (e *Engine) SetEndpoints(ctx context.Context, code string, orgID int64, name string, ep twiin.Endpoints) error {
	h, err := e.get(ctx, code)
	if err != nil {
		return err
	}
	if _, err := h.clients.Ensure(ctx, orgID, name, e.opts.Now()); err != nil {
		return err
	}
	_, err = e.opts.DB.Exec(ctx, "UPDATE twiin_clients SET notification_url = ?, token_url = ?, fhir_url = ? WHERE hackathon_id = ? AND organisation_id = ?",
		clip(ep.Notification, 2000), clip(ep.Token, 2000), clip(ep.FHIRBase, 2000), h.id, orgID)
	return err
}

// EndpointsByURA returns the endpoints the organisation with test URA ura
// registered (ErrNoEndpoints when it has none to pull from).
func (c *Clients) EndpointsByURA(ctx context.Context, ura string) (twiin.Endpoints, error) {
	var ep twiin.Endpoints
	err := c.DB.QueryRow(ctx, "SELECT notification_url, token_url, fhir_url FROM twiin_clients WHERE hackathon_id = ? AND ura = ?", c.HackathonID, ura).
		Scan(&ep.Notification, &ep.Token, &ep.FHIRBase)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (ep.Token == "" || ep.FHIRBase == "")) {
		return ep, ErrNoEndpoints
	}
	return ep, err
}

// recordingTransport records every request ketentest makes to a
// participant (role, masked URL, status, the server certificate's
// subject), never a header or body.
type recordingTransport struct {
	next    http.RoundTripper
	h       *hackathon
	role    string
	peerURA string
	now     func() time.Time
}

func (t *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	u := *r.URL
	x := twiin.Exchange{Role: t.role, At: t.now(), Method: r.Method, PeerURA: t.peerURA,
		Path: (&url.URL{Scheme: u.Scheme, Host: u.Host}).String() + twiin.RecordedPath(&u)}
	if err != nil {
		x.Note = err.Error()
	} else {
		x.Status = resp.StatusCode
		if resp.TLS != nil && len(resp.TLS.PeerCertificates) > 0 {
			x.PeerSubject = resp.TLS.PeerCertificates[0].Subject.String()
		}
	}
	t.h.record(x)
	return resp, err
}

// recording wraps c so that every request is recorded under role.
func (e *Engine) recording(c *http.Client, h *hackathon, role, peerURA string) *http.Client {
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c2 := *c
	c2.Transport = &recordingTransport{next: next, h: h, role: role, peerURA: peerURA, now: e.opts.Now}
	return &c2
}

// pullOnNotify makes ketentest a receiver that pulls: every notification
// its endpoint accepts starts a pull from the sender — the endpoints the
// sender registered, a token from the sender's authorization server with
// ketentest's client assertion (SenderClientID, the key of jwks.json) and
// the authorization base, then exactly the listed queries and reads —
// through the engine's (SSRF-guarded) client with ketentest's client
// certificate. Every request is recorded (role "puller"), and the pull's
// outcome in one more record. A cancellation stops a pending pull.
func (e *Engine) pullOnNotify(h *hackathon) {
	var mu sync.Mutex
	cancels := map[string]context.CancelFunc{}
	h.recv.OnNotify = func(r *twiin.Received) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		mu.Lock()
		cancels[r.ID] = cancel
		mu.Unlock()
		senderURA := ""
		if t := r.Task; t.Requester != nil && t.Requester.OnBehalfOf != nil && t.Requester.OnBehalfOf.Identifier != nil {
			senderURA = t.Requester.OnBehalfOf.Identifier.Value
		}
		go func() {
			defer func() {
				mu.Lock()
				delete(cancels, r.ID)
				mu.Unlock()
				cancel()
			}()
			p := &twiin.Puller{HTTP: e.recording(e.senderClient(h, nil), h, "puller", senderURA),
				Creds:   twiin.Credentials{ClientID: SenderClientID(h.code), Kid: SenderKid(h.code), Key: h.keys.OrgKey},
				Resolve: h.clients.EndpointsByURA}
			res, err := p.Pull(ctx, r.Task)
			x := twiin.Exchange{Role: "pull", At: e.opts.Now(), Method: "PULL", Path: "Task/" + r.ID, PeerURA: senderURA, PeerSubject: r.Peer.Subject}
			switch {
			case err != nil && res == nil:
				x.Note = err.Error()
			default:
				ok := 0
				for _, q := range res.Results {
					if q.Err == "" && q.Status == http.StatusOK {
						ok++
					}
				}
				x.Note = fmt.Sprintf("%d/%d opvragingen geslaagd in %d ms", ok, len(res.Results), res.Took.Milliseconds())
				if err != nil {
					x.Note += " · " + err.Error()
				}
				if res.OK() {
					x.Status = http.StatusOK
				}
			}
			h.record(x)
		}()
	}
	h.recv.OnCancel = func(r *twiin.Received) {
		mu.Lock()
		cancel := cancels[r.ID]
		mu.Unlock()
		if cancel != nil {
			cancel()
		}
	}
}

// GuardedMaker makes ketentest's client for calling participants from
// base, the SSRF-guarded client (pgoclient.Policy.HTTPClient: public
// addresses only except the allow-list, no redirects): its dialer with
// ketentest's client certificate and TLS 1.3. Nil when base has no
// *http.Transport.
func GuardedMaker(base *http.Client) ClientMaker {
	return func(cert tls.Certificate, roots *x509.CertPool) *http.Client {
		bt, ok := base.Transport.(*http.Transport)
		if !ok {
			return nil
		}
		tr := bt.Clone()
		tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: roots, Certificates: []tls.Certificate{cert}}
		return &http.Client{Transport: tr, Timeout: base.Timeout, CheckRedirect: base.CheckRedirect}
	}
}
