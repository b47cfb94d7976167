package web

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/redact"
	"github.com/ketentest/ketentest/internal/sandbox"
)

// RunTimeout bounds one reference PGO run (token and every search); the
// client's own cap (pgoclient.RunTimeout) ends it first, recording what
// was not sent.
const RunTimeout = pgoclient.RunTimeout + 10*time.Second

// sandboxProvider is the provider name of the reference DVA in scopes.
const sandboxProvider = "ketentest"

// ownClientID is the client_id under which ketentest's reference PGO is
// registered at its own DVA for hackathon hid, so the DVA attributes its
// traffic to that hackathon.
func ownClientID(hid int64) string {
	return fmt.Sprintf("referentie-pgo-h%d%s", hid, sandbox.ReservedClientSuffix)
}

// origin is the external origin of ketentest (see Server.linkBase).
func (p *sandboxPages) origin(r *http.Request) string { return p.linkBase(r) }

func (p *sandboxPages) callbackURL(r *http.Request, hid int64) string {
	return fmt.Sprintf("%s/hackathons/%d/pgo/callback", p.origin(r), hid)
}

// binding is the secret of the user's login that a run's state is bound
// to: the session cookie (or the API token of a script).
func binding(r *http.Request) string {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		return "session:" + c.Value
	}
	return "header:" + r.Header.Get("Authorization")
}

// canSeeRun: the logging and project team see every run, others their own.
func canSeeRun(rq *httpx.Request, run *pgoclient.Run) bool {
	return rq.Can(authz.TrafficView) || run.CreatedBy == rq.UserID()
}

// pgoIndex lists the runs and offers the form to start one.
func (p *sandboxPages) pgoIndex(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	if r.Method == http.MethodGet {
		v.Form.Set("target", pgoclient.TargetSandbox)
		v.Form.Set("scope", "")
		v.Form.Set("service_id", "48")
		v.Form.Set("auth_method", pgoclient.AuthNone)
		if p.dvaURL != "" {
			v.Form.Set("zal_url", p.dvaURL+"/medmij/zal.xml")
			v.Form.Set("gnl_url", p.dvaURL+"/medmij/gnl.xml")
		}
	}
	p.renderPGOIndex(w, r, v, http.StatusOK)
}

func (p *sandboxPages) renderPGOIndex(w http.ResponseWriter, r *http.Request, v *view, status int) {
	rq := httpx.From(r)
	var by int64
	if !rq.Can(authz.TrafficView) {
		by = rq.UserID()
	}
	// A run still "running" long after its cap was cut off by a restart.
	now := time.Now()
	if _, err := p.pgo.Reap(r.Context(), rq.HackathonID, now.Add(-2*pgoclient.RunTimeout), now); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	runs, err := p.pgo.List(r.Context(), rq.HackathonID, by, 100)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["Runs"] = runs
	v.D["SandboxURL"] = p.dvaURL
	var svcs []pgoclient.Service
	for _, id := range pgoclient.ServiceIDs() {
		svcs = append(svcs, pgoclient.Services[id])
	}
	v.D["Services"] = svcs
	v.D["AuthMethods"] = pgoclient.AuthMethods
	v.D["Callback"] = p.callbackURL(r, rq.HackathonID)
	p.render(w, status, "pgo_runs", v)
}

// pgoStart creates a run and sends the browser to the DVA's authorize page.
func (p *sandboxPages) pgoStart(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, http.StatusBadRequest, apperr.Field("form", "invalid form"))
		return
	}
	// The client secret is used for this run only: never shown again in
	// the form, stored or logged.
	v.Form = maps.Clone(r.PostForm)
	v.Form.Del("client_secret")
	rq := httpx.From(r)
	hid := rq.HackathonID
	get := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	t := pgoclient.Target{Kind: get("target"), Label: get("label"), ServiceID: get("service_id"), RedirectURI: p.callbackURL(r, hid),
		AuthMethod: pgoclient.AuthNone}
	if t.ServiceID == "" {
		t.ServiceID = "48"
	}
	if _, ok := pgoclient.Services[t.ServiceID]; !ok {
		v.Errors["service_id"] = i18nT(r, "pgo.err.service")
		p.renderPGOIndex(w, r, v, http.StatusUnprocessableEntity)
		return
	}
	switch t.Kind {
	case pgoclient.TargetSandbox:
		if p.dvaURL == "" {
			v.Errors["target"] = i18nT(r, "pgo.err.no_sandbox")
			p.renderPGOIndex(w, r, v, http.StatusUnprocessableEntity)
			return
		}
		t.AuthorizeURL, t.TokenURL, t.FHIRBase = p.dvaURL+"/oauth/authorize", p.dvaURL+"/oauth/token", p.dvaURL+"/"+t.ServiceID+"/fhir"
		t.ClientID, t.Scope = ownClientID(hid), sandboxProvider+"~"+t.ServiceID
		if t.Label == "" {
			t.Label = i18nT(r, "pgo.target.sandbox")
		}
		if err := sandbox.RegisterClient(r.Context(), p.DB, sandbox.Client{ClientID: t.ClientID, Name: "ketentest referentie-PGO",
			RedirectURIs: []string{t.RedirectURI}, HackathonID: hid}); err != nil {
			v.Errors["target"] = err.Error()
			p.renderPGOIndex(w, r, v, http.StatusUnprocessableEntity)
			return
		}
	case pgoclient.TargetExternal:
		t.AuthorizeURL, t.TokenURL, t.FHIRBase = get("authorize_url"), get("token_url"), get("fhir_base")
		t.ClientID, t.Scope = get("client_id"), get("scope")
		if m := get("auth_method"); m != "" {
			t.AuthMethod = m
		}
		t.ClientSecret = get("client_secret")
	default:
		v.Errors["target"] = i18nT(r, "pgo.err.target")
		p.renderPGOIndex(w, r, v, http.StatusUnprocessableEntity)
		return
	}
	run := &pgoclient.Run{HackathonID: hid, CreatedBy: rq.UserID(), Target: t}
	to, err := p.pgoClient.Begin(r.Context(), run, binding(r))
	var fe *pgoclient.FieldError
	if errors.As(err, &fe) {
		v.Errors[fe.Field] = fe.Message
		p.renderPGOIndex(w, r, v, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	// Not a redirect: the CSP's form-action 'self' also covers redirects
	// of a form post; the page continues to the DVA by script or link.
	v.D["URL"] = to
	if u, err := url.Parse(to); err == nil {
		v.D["Origin"] = u.Scheme + "://" + u.Host
	}
	p.render(w, http.StatusOK, "pgo_authorize", v)
}

// pgoCallback receives the DVA's redirect, checks the state against the
// user's session, and runs the token exchange and every search.
func (p *sandboxPages) pgoCallback(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	q := r.URL.Query()
	run, err := p.pgo.ByState(r.Context(), rq.HackathonID, q.Get("state"), binding(r))
	if errors.Is(err, pgoclient.ErrNotFound) {
		p.errorPage(w, r, http.StatusBadRequest, errors.New(i18nT(r, "pgo.err.state")))
		return
	}
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if run.Status != pgoclient.StatusAuthorizing {
		http.Redirect(w, r, fmt.Sprintf("/hackathons/%d/pgo/runs/%d", rq.HackathonID, run.ID), http.StatusSeeOther)
		return
	}
	// The run continues when the browser goes away; it is bounded by RunTimeout.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), RunTimeout)
	defer cancel()
	callback := p.callbackURL(r, rq.HackathonID)
	if r.URL.RawQuery != "" {
		callback += "?" + r.URL.RawQuery
	}
	_ = p.pgoClient.Complete(ctx, run, callback, q) // the outcome is on the run page
	http.Redirect(w, r, fmt.Sprintf("/hackathons/%d/pgo/runs/%d", rq.HackathonID, run.ID), http.StatusSeeOther)
}

// loadRun reads the run of the path, for those who may see it.
func (p *sandboxPages) loadRun(w http.ResponseWriter, r *http.Request) (*view, *pgoclient.Run, bool) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return nil, nil, false
	}
	rq := httpx.From(r)
	rid, err := httpx.PathID(r, "rid")
	if err != nil {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return nil, nil, false
	}
	run, err := p.pgo.Get(r.Context(), rq.HackathonID, rid)
	if errors.Is(err, pgoclient.ErrNotFound) || (err == nil && !canSeeRun(rq, run)) {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return nil, nil, false
	}
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return nil, nil, false
	}
	v.D["Run"] = run
	return v, run, true
}

// checkColumn is a column of the run page's matrix.
type checkColumn struct {
	Name    string
	Warning bool
}

// pgoRun shows a run: every exchange with pass/fail per check.
func (p *sandboxPages) pgoRun(w http.ResponseWriter, r *http.Request) {
	v, run, ok := p.loadRun(w, r)
	if !ok {
		return
	}
	xs, err := p.pgo.Exchanges(r.Context(), run.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	cols := []checkColumn{}
	seen := map[string]bool{}
	for _, c := range append(append([]pgoclient.CheckInfo(nil), pgoclient.SearchChecksFor(pgoclient.Services[run.Target.ServiceID].FHIR)...), pgoclient.TokenChecks...) {
		if !seen[c.Name] {
			seen[c.Name] = true
			cols = append(cols, checkColumn{c.Name, c.Warning})
		}
	}
	rows := make([]map[string]any, 0, len(xs))
	passed, total := 0, 0
	for _, x := range xs {
		cells := map[string]pgoclient.CheckResult{}
		for _, c := range x.Checks {
			cells[c.Check] = c
			total++
			if c.Pass {
				passed++
			}
		}
		errs, warns := x.Failed()
		rows = append(rows, map[string]any{"X": x, "Cells": cells, "Errors": errs, "Warnings": warns})
	}
	v.D["Columns"] = cols
	if svc, ok := pgoclient.Services[run.Target.ServiceID]; ok {
		v.D["Service"] = svc
	}
	v.D["Rows"] = rows
	v.D["Passed"], v.D["Total"] = passed, total
	p.render(w, http.StatusOK, "pgo_run", v)
}

// pgoExchange shows one exchange of a run with its headers and body.
func (p *sandboxPages) pgoExchange(w http.ResponseWriter, r *http.Request) {
	v, run, ok := p.loadRun(w, r)
	if !ok {
		return
	}
	xid, err := httpx.PathID(r, "xid")
	if err != nil {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return
	}
	x, err := p.pgo.Exchange(r.Context(), run.ID, xid)
	if errors.Is(err, pgoclient.ErrNotFound) {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return
	}
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["X"] = x
	v.D["RequestHeaders"] = sortedHeaders(x.RequestHeaders)
	v.D["ResponseHeaders"] = sortedHeaders(x.ResponseHeaders)
	v.D["RequestBody"] = redact.Pretty(x.RequestBody)
	v.D["ResponseBody"] = redact.Pretty(x.ResponseBody)
	// A run against ketentest's own DVA: the DVA recorded the same request
	// (same MedMij-Request-ID); findings attach that traffic record.
	if rid := x.RequestHeaders.Get("MedMij-Request-ID"); rid != "" && run.Target.Kind == pgoclient.TargetSandbox {
		if id, err := sandbox.TrafficIDByRequestID(r.Context(), p.DB, run.HackathonID, rid); err == nil {
			v.D["TrafficID"] = id
		}
	}
	p.render(w, http.StatusOK, "pgo_exchange", v)
}

// header is one header line for display.
type header struct{ Name, Value string }

func sortedHeaders(h http.Header) []header {
	var out []header
	for _, k := range sortedKeys(h) {
		for _, v := range h[k] {
			out = append(out, header{k, v})
		}
	}
	return out
}

func sortedKeys(h map[string][]string) []string { return slices.Sorted(maps.Keys(h)) }

// i18nT translates key into the request's language.
func i18nT(r *http.Request, key string, args ...any) string {
	return i18n.T(httpx.From(r).Lang, key, args...)
}
