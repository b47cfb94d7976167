package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/sandbox"
)

// sandboxPages are the pages of the sandbox capability: what a participant
// needs to connect a PGO to the reference DVA, the reference PGO client's
// runs, and the DVA's recorded traffic.
type sandboxPages struct {
	*Server
	dossiers  *dossier.Store
	dvaURL    string // KETENTEST_SANDBOX_URL: external base of the DVA listener
	pgo       *pgoclient.Store
	pgoClient *pgoclient.Client
}

// sandboxRoutes lists the pages of the sandbox capability.
//
// The reference PGO calls URLs users enter only through pgoclient's SSRF
// guard: http(s) only, no redirects followed, and the dialer refuses
// non-public addresses, except ketentest's own sandbox (KETENTEST_SANDBOX_URL)
// and the hosts in KETENTEST_PGO_ALLOW_HOSTS.
func (s *Server) sandboxRoutes() []httpx.Route {
	p := &sandboxPages{Server: s, dossiers: s.App.Dossiers, dvaURL: s.App.SandboxURL, pgo: s.App.PGO, pgoClient: s.App.PGOClient}
	return []httpx.Route{
		{Method: "GET", Pattern: "/hackathons/{hid}/sandbox", Perm: authz.SandboxView, Handler: p.sandboxPage},
		{Method: "POST", Pattern: "/hackathons/{hid}/sandbox/clients", Perm: authz.SandboxClientRegister, Handler: p.clientRegister},
		{Method: "POST", Pattern: "/hackathons/{hid}/sandbox/twiin/bundle", Perm: authz.SandboxClientRegister, Handler: p.twiinBundle},
		{Method: "POST", Pattern: "/hackathons/{hid}/sandbox/twiin/keys", Perm: authz.SandboxClientRegister, Handler: p.twiinKey},
		{Method: "POST", Pattern: "/hackathons/{hid}/sandbox/twiin/notify", Perm: authz.PGORun, Handler: p.twiinNotify},
		{Method: "GET", Pattern: "/hackathons/{hid}/sandbox/twiin/matrix", Perm: authz.SandboxView, Handler: p.twiinMatrix},
		{Method: "GET", Pattern: "/hackathons/{hid}/sandbox/traffic", Perm: authz.TrafficView, Handler: p.trafficList},
		{Method: "GET", Pattern: "/hackathons/{hid}/sandbox/traffic/{xid}", Perm: authz.TrafficView, Handler: p.trafficShow},
		{Method: "GET", Pattern: "/hackathons/{hid}/pgo", Perm: authz.PGORun, Handler: p.pgoIndex},
		{Method: "POST", Pattern: "/hackathons/{hid}/pgo/runs", Perm: authz.PGORun, Handler: p.pgoStart},
		{Method: "GET", Pattern: "/hackathons/{hid}/pgo/callback", Perm: authz.PGORun, Handler: p.pgoCallback},
		{Method: "GET", Pattern: "/hackathons/{hid}/pgo/runs/{rid}", Perm: authz.PGORun, Handler: p.pgoRun},
		{Method: "GET", Pattern: "/hackathons/{hid}/pgo/runs/{rid}/exchanges/{xid}", Perm: authz.PGORun, Handler: p.pgoExchange},
		{Method: "POST", Pattern: "/hackathons/{hid}/pgo/discover", Perm: authz.PGORun, Handler: p.pgoDiscover},
		{Method: "GET", Pattern: "/hackathons/{hid}/pgo/exchanges/{xid}", Perm: authz.PGORun, Handler: p.pgoExchangeByID},
	}
}

// sandboxPage is the participant page: everything a PGO developer needs to
// connect to the reference DVA.
func (p *sandboxPages) sandboxPage(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	p.renderSandboxPage(w, r, v, http.StatusOK)
}

// exampleClient is the client the connection steps use: the viewer's
// organisation's registered client, else a placeholder (Own false).
//
// The steps are meant to be pasted, in order, into one POSIX shell on a
// clean Linux or macOS machine: no uuidgen (od and sed make the ids), every
// variable is set in the step that first needs it or checked with ${X:?}
// before use, and the browser step is a plain URL without shell syntax.
// The ids of the browser URL are made when the page is shown, so the
// token step can set the same X-Correlation-ID as a literal.
type exampleClient struct {
	ClientID, Redirect string
	RedirectQuery      string // query-escaped for the authorize URL
	RedirectShell      string // single-quoted for a shell
	Own                bool

	AuthorizeURL     string // plain URL for the browser
	UUIDFunc         string // shell function uuid printing a random version-4 UUID
	CodePlaceholder  string // single-quoted text the participant replaces by the code
	CorrelationShell string // the browser URL's X-Correlation-ID, single-quoted
	ClientShell      string // client_id, single-quoted
	TokenShell       string // token endpoint, single-quoted
	SearchShell      string // the Patient search, single-quoted
}

// uuidShellFunc prints a random version-4 UUID with od, tr and sed only
// (POSIX tools present on Debian, Alpine and macOS; uuidgen is not).
const uuidShellFunc = `uuid() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n' | sed 's/^\(.\{8\}\)\(.\{4\}\).\(.\{3\}\).\(.\{3\}\)/\1-\2-4\3-a\4-/'; }`

// newUUID is a random version-4 UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// connectionSteps fills in the steps for base (the DVA's external URL).
func (ex *exampleClient) connectionSteps(lang, base, provider string) {
	corr := newUUID()
	// In the order a reader expects, not url.Values' sorted order.
	var q strings.Builder
	for i, kv := range [][2]string{{"response_type", "code"}, {"client_id", ex.ClientID}, {"redirect_uri", ex.Redirect},
		{"scope", provider + "~48"}, {"state", newUUID()}, {"MedMij-Request-ID", newUUID()}, {"X-Correlation-ID", corr}} {
		if i > 0 {
			q.WriteByte('&')
		}
		q.WriteString(url.QueryEscape(kv[0]) + "=" + url.QueryEscape(kv[1]))
	}
	ex.AuthorizeURL = base + "/oauth/authorize?" + q.String()
	ex.UUIDFunc = uuidShellFunc
	ex.CodePlaceholder = shellQuote(i18n.T(lang, "sandbox.steps.code_placeholder"))
	ex.CorrelationShell = shellQuote(corr)
	ex.ClientShell = shellQuote(ex.ClientID)
	ex.TokenShell = shellQuote(base + "/oauth/token")
	ex.SearchShell = shellQuote(base + "/48/fhir/Patient?_include=Patient:general-practitioner")
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// scopeInfo is one data service, its FHIR release and the scope that asks for it.
type scopeInfo struct{ ID, Name, FHIR, Scope string }

func (p *sandboxPages) renderSandboxPage(w http.ResponseWriter, r *http.Request, v *view, status int) {
	ctx := r.Context()
	rq := httpx.From(r)
	clients, err := sandbox.HackathonClientList(ctx, p.DB, rq.HackathonID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	patients, more, err := sandbox.HackathonPatients(ctx, p.dossiers, rq.HackathonID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	providers, err := sandbox.HackathonProviders(ctx, p.DB, rq.HackathonID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["BaseURL"] = p.dvaURL
	v.D["Providers"] = providers
	v.D["Clients"] = clients
	v.D["Patients"] = patients
	v.D["PatientsMore"] = more
	v.D["Provider"] = sandboxProvider
	var scopes []scopeInfo
	for _, svc := range sandbox.KnownServices {
		scopes = append(scopes, scopeInfo{ID: svc.ID, Name: svc.Name, FHIR: svc.FHIR.String(), Scope: sandboxProvider + "~" + svc.ID})
	}
	v.D["Scopes"] = scopes
	v.D["AllScope"] = sandboxProvider
	v.D["Searches"] = pgoclient.BgZSearches
	owner, err := p.ownerOf(r)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	ex := exampleClient{ClientID: "pgo.example.nl", Redirect: "http://localhost:8000/callback"}
	if c, ok := sandbox.ClientFor(clients, owner); ok && len(c.RedirectURIs) > 0 {
		ex = exampleClient{ClientID: c.ClientID, Redirect: c.RedirectURIs[0], Own: true}
	}
	ex.RedirectQuery = url.QueryEscape(ex.Redirect)
	ex.RedirectShell = shellQuote(ex.Redirect)
	ex.connectionSteps(i18n.Normalize(rq.Lang), p.dvaURL, sandboxProvider)
	v.D["Example"] = ex
	v.D["CodeMinutes"] = int(sandbox.CodeTTL.Minutes())
	v.D["Twiin"] = p.twiinInfo(r, v.Hackathon.Code)
	p.render(w, status, "sandbox_participant", v)
}
