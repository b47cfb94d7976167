package web

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/orgsandbox"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/twiin"
)

// twiinView is the organisation-sandbox section of the participant page
// (care provider to care provider: Twiin notified pull, Nuts-style
// tokens, mutual TLS with the hackathon's TEST CA).
type twiinView struct {
	Available bool // the sandbox listener has an https URL
	Endpoints orgsandbox.Endpoints
	HasOrg    bool                  // the viewer acts for an organisation
	ClientID  string                // the viewer's organisation's client id
	URA       string                // and its test URA
	Exchanges []orgsandbox.Exchange // recent exchanges the viewer may see, newest first
	// SenderClientID is ketentest's client id at a participant's server.
	SenderClientID string
	// Checks is the checklist per role on the viewer's organisation's
	// exchanges.
	Checks []twiinCheck
}

// twiinCheck is a check with its text and, when it failed, the link that
// logs a finding prefilled with the exchange behind it.
type twiinCheck struct {
	orgsandbox.Check
	Title      string
	FindingURL string
}

// maxShownExchanges is how many recent exchanges the page lists.
const maxShownExchanges = 50

// maxCheckedExchanges is how many recent exchanges the checks look at.
const maxCheckedExchanges = 1000

// twiinEngine is an engine over the same database as the sandbox
// listener's: keys and registrations live in the database, so a download
// made here is valid there.
func (p *sandboxPages) twiinEngine() (*orgsandbox.Engine, error) {
	if !strings.HasPrefix(p.dvaURL, "https://") {
		return nil, errors.New("no https sandbox URL")
	}
	// One engine per process: the sandbox listener's, with its recorded
	// exchanges (made here first if the listener has not yet).
	return orgsandbox.Shared(orgsandbox.Options{DB: p.DB, BaseURL: p.dvaURL})
}

// twiinInfo fills the section for the page.
func (p *sandboxPages) twiinInfo(r *http.Request, code string) twiinView {
	eng, err := p.twiinEngine()
	if err != nil {
		return twiinView{}
	}
	tv := twiinView{Available: true, Endpoints: eng.EndpointsOf(code), SenderClientID: orgsandbox.SenderClientID(code)}
	if orgID, _, err := p.viewerOrganisation(r); err == nil && orgID != 0 {
		tv.HasOrg, tv.ClientID, tv.URA = true, orgsandbox.ClientID(orgID), orgsandbox.TestURA(orgID)
	}
	// Managers see every exchange; a participant those of its own URA.
	if httpx.From(r).Can(authz.TrafficView) {
		tv.Exchanges, _ = eng.Exchanges(r.Context(), code, "", maxShownExchanges)
	} else if tv.URA != "" {
		tv.Exchanges, _ = eng.Exchanges(r.Context(), code, tv.URA, maxShownExchanges)
	}
	if tv.URA != "" {
		xs, _ := eng.Exchanges(r.Context(), code, tv.URA, maxCheckedExchanges)
		for _, c := range orgsandbox.EvaluateChecks(xs, tv.URA) {
			tc := twiinCheck{Check: c, Title: i18nT(r, "twiin.check."+c.ID)}
			if c.Run && !c.Pass && httpx.From(r).Can(authz.FindingCreate) {
				title, desc := c.FindingText(tc.Title)
				tc.FindingURL = "/hackathons/" + strconv.FormatInt(httpx.From(r).HackathonID, 10) + "/findings/new?" +
					url.Values{"title": {title}, "description": {desc}}.Encode()
			}
			tv.Checks = append(tv.Checks, tc)
		}
	}
	return tv
}

// viewerOrganisation is the organisation the viewer acts for in this
// hackathon (0 when none).
func (p *sandboxPages) viewerOrganisation(r *http.Request) (int64, string, error) {
	rq := httpx.From(r)
	members, err := p.Hackathons.Members(r.Context(), rq.HackathonID)
	if err != nil {
		return 0, "", err
	}
	for _, m := range members {
		if m.UserID == rq.UserID() && m.OrganisationID != 0 {
			return m.OrganisationID, m.Organisation, nil
		}
	}
	return 0, "", nil
}

var hostRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)

// parseHosts reads the optional server-certificate hosts: names or IP
// addresses separated by commas, spaces or new lines, at most 5.
func parseHosts(s string) ([]string, bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
	if len(f) > 5 {
		return nil, false
	}
	for _, h := range f {
		if net.ParseIP(h) == nil && (len(h) > 253 || !hostRE.MatchString(h)) {
			return nil, false
		}
	}
	return f, true
}

// twiinBundle hands the viewer's organisation its TEST download: client
// (and optionally server) certificate of the hackathon's CA with keys, a
// signing key whose public part is registered, a test credential and the
// steps. The private keys are made for this response only: never stored,
// never logged.
func (p *sandboxPages) twiinBundle(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, http.StatusBadRequest, errors.New(i18nT(r, "twiin.err_form")))
		return
	}
	fail := func(status int, field, key string) {
		v.Form = r.PostForm
		v.Errors[field] = i18nT(r, key)
		p.renderSandboxPage(w, r, v, status)
	}
	eng, err := p.twiinEngine()
	if err != nil {
		fail(http.StatusConflict, "twiin_hosts", "twiin.not_configured")
		return
	}
	orgID, orgName, err := p.viewerOrganisation(r)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if orgID == 0 || strings.TrimSpace(orgName) == "" {
		fail(http.StatusUnprocessableEntity, "twiin_hosts", "twiin.err_no_org")
		return
	}
	hosts, ok := parseHosts(r.PostForm.Get("twiin_hosts"))
	if !ok {
		fail(http.StatusUnprocessableEntity, "twiin_hosts", "twiin.err_hosts")
		return
	}
	b, err := eng.ParticipantBundle(r.Context(), v.Hackathon.Code, orgID, orgName, hosts)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, errors.New("twiin: download could not be made"))
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="ketentest-TEST-`+v.Hackathon.Code+`-`+b.Settings.ClientID+`.zip"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(b.Zip)))
	w.Write(b.Zip)
}

// maxJWKBytes bounds a registered public key.
const maxJWKBytes = 8 << 10

// twiinKey registers a public JWK the participant generated itself; a
// JWK with a private part is refused (and not kept).
func (p *sandboxPages) twiinKey(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxJWKBytes+1024)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, http.StatusBadRequest, errors.New(i18nT(r, "twiin.err_form")))
		return
	}
	fail := func(status int, msg string) {
		v.Form = r.PostForm
		v.Form.Del("twiin_jwk") // never echo key material
		v.Errors["twiin_jwk"] = msg
		p.renderSandboxPage(w, r, v, status)
	}
	eng, err := p.twiinEngine()
	if err != nil {
		fail(http.StatusConflict, i18nT(r, "twiin.not_configured"))
		return
	}
	orgID, orgName, err := p.viewerOrganisation(r)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if orgID == 0 || strings.TrimSpace(orgName) == "" {
		fail(http.StatusUnprocessableEntity, i18nT(r, "twiin.err_no_org"))
		return
	}
	jwk := strings.TrimSpace(r.PostForm.Get("twiin_jwk"))
	if jwk == "" || len(jwk) > maxJWKBytes {
		fail(http.StatusUnprocessableEntity, i18nT(r, "twiin.err_jwk_empty"))
		return
	}
	if _, err := eng.RegisterPublicKey(r.Context(), v.Hackathon.Code, orgID, orgName, []byte(jwk)); err != nil {
		fail(http.StatusUnprocessableEntity, i18nT(r, "twiin.err_jwk")+" "+err.Error())
		return
	}
	flash(w, "twiin.key_saved")
	redirect(w, r, "/hackathons/"+strconv.FormatInt(v.Hackathon.ID, 10)+"/sandbox#twiin")
}

// guardedMaker makes ketentest's client for calling a participant: the
// reference PGO's SSRF-guarded transport (public addresses only, except
// the allow-list; no redirects) with ketentest's client certificate and
// TLS 1.3.
func (p *sandboxPages) guardedMaker() orgsandbox.ClientMaker {
	return orgsandbox.GuardedMaker(p.pgoClient.HTTP)
}

// twiinNotify is ketentest's reference sender: it notifies the viewer's
// organisation (its test URA) at the notification and token endpoints it
// gives, through the SSRF guard; the participant then pulls the BgZ from
// ketentest. The outcome shows in the exchanges table.
func (p *sandboxPages) twiinNotify(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, http.StatusBadRequest, errors.New(i18nT(r, "twiin.err_form")))
		return
	}
	fail := func(status int, field, msg string) {
		v.Form = r.PostForm
		v.Errors[field] = msg
		p.renderSandboxPage(w, r, v, status)
	}
	eng, err := p.twiinEngine()
	if err != nil {
		fail(http.StatusConflict, "twiin_notify_url", i18nT(r, "twiin.not_configured"))
		return
	}
	orgID, orgName, err := p.viewerOrganisation(r)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if orgID == 0 || strings.TrimSpace(orgName) == "" {
		fail(http.StatusUnprocessableEntity, "twiin_notify_url", i18nT(r, "twiin.err_no_org"))
		return
	}
	urls := map[string]string{}
	for _, f := range []string{"twiin_notify_url", "twiin_token_url"} {
		u := strings.TrimSpace(r.PostForm.Get(f))
		if !strings.HasPrefix(u, "https://") || pgoclient.CheckURL(u) != nil || len(u) > 2000 {
			fail(http.StatusUnprocessableEntity, f, i18nT(r, "twiin.err_url"))
			return
		}
		urls[f] = strings.TrimSuffix(u, "/")
	}
	// Optional: the FHIR base ketentest pulls from when the participant
	// notifies ketentest (ketentest as receiver).
	if u := strings.TrimSpace(r.PostForm.Get("twiin_fhir_url")); u != "" {
		if !strings.HasPrefix(u, "https://") || pgoclient.CheckURL(u) != nil || len(u) > 2000 {
			fail(http.StatusUnprocessableEntity, "twiin_fhir_url", i18nT(r, "twiin.err_url"))
			return
		}
		urls["twiin_fhir_url"] = strings.TrimSuffix(u, "/")
	}
	var queries []string
	for _, s := range pgoclient.BgZSearches {
		queries = append(queries, s.Resource+s.Params)
	}
	to := twiin.Endpoints{Notification: urls["twiin_notify_url"], Token: urls["twiin_token_url"], FHIRBase: urls["twiin_fhir_url"]}
	if err := eng.SetEndpoints(r.Context(), v.Hackathon.Code, orgID, orgName, to); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, errors.New("twiin: endpoints not saved"))
		return
	}
	_, ans, err := eng.SendNotification(r.Context(), v.Hackathon.Code, to, orgsandbox.TestURA(orgID), eng.PatientBSN(r.Context(), v.Hackathon.Code), queries, 24*time.Hour, p.guardedMaker())
	if err != nil {
		fail(http.StatusUnprocessableEntity, "twiin_notify_url", i18nT(r, "twiin.err_send")+" "+err.Error())
		return
	}
	if ans.Status != http.StatusCreated {
		fail(http.StatusUnprocessableEntity, "twiin_notify_url", i18nT(r, "twiin.err_answer", ans.Status))
		return
	}
	flash(w, "twiin.notify_sent")
	redirect(w, r, "/hackathons/"+strconv.FormatInt(v.Hackathon.ID, 10)+"/sandbox#twiin")
}
