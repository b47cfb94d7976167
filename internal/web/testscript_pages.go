package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/testscript"
	"github.com/ketentest/ketentest/internal/validate"
)

// Limits of a TestScript run started from the web.
const (
	MaxTestscriptUpload = 8 << 20 // all uploaded scripts together
	MaxTestscriptFiles  = 200
	TestscriptRunTime   = 3 * time.Minute
)

// isTestscriptUpload reports whether r uploads TestScripts.
func isTestscriptUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/testscripts/runs") &&
		strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
}

type testscriptPages struct{ *Server }

func (p *testscriptPages) store() *testscript.Store { return testscript.NewStore(p.DB) }

// index lists the viewer's runs (everyone's for the logging and project
// team) and offers the form to start one.
func (p *testscriptPages) index(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	p.renderIndex(w, r, v, http.StatusOK)
}

func (p *testscriptPages) renderIndex(w http.ResponseWriter, r *http.Request, v *view, status int) {
	rq := httpx.From(r)
	var by int64
	if !rq.Can(authz.TrafficView) {
		by = rq.UserID()
	}
	runs, err := p.store().List(r.Context(), rq.HackathonID, by, 100)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "testscript.title")
	v.D["Runs"] = runs
	v.D["MaxMB"] = MaxTestscriptUpload >> 20
	sets, _ := testscript.ListSets(testscript.SetsDir())
	var server []testscript.SetInfo
	for _, s := range sets {
		if s.Direction == testscript.ServerSet {
			server = append(server, s)
		}
	}
	v.D["Sets"] = server
	p.render(w, status, "testscript_index", v)
}

// start runs the uploaded scripts against the given base URL and stores
// the results; bad input names the field and stores nothing.
func (p *testscriptPages) start(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	rq := httpx.From(r)
	fail := func(status int, field, key string, args ...any) {
		v.Errors[field] = i18n.T(v.Lang, key, args...)
		p.renderIndex(w, r, v, status)
	}
	if err := r.ParseMultipartForm(MaxTestscriptUpload); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(http.StatusRequestEntityTooLarge, "file", "testscript.err.too_large", MaxTestscriptUpload>>20)
			return
		}
		fail(http.StatusUnprocessableEntity, "file", "testscript.err.no_files")
		return
	}
	defer r.MultipartForm.RemoveAll()
	v.Form = url.Values{"label": {r.PostForm.Get("label")}, "base_url": {r.PostForm.Get("base_url")}}
	label := strings.TrimSpace(r.PostForm.Get("label"))
	base := strings.TrimSpace(r.PostForm.Get("base_url"))
	token := strings.TrimSpace(r.PostForm.Get("token"))
	if len(label) > 200 {
		fail(http.StatusUnprocessableEntity, "label", "testscript.err.label")
		return
	}
	if err := pgoclient.CheckURL(base); err != nil || len(base) > 2000 {
		fail(http.StatusUnprocessableEntity, "base_url", "testscript.err.base_url")
		return
	}
	if strings.ContainsAny(token, "\r\n") || len(token) > 4000 {
		fail(http.StatusUnprocessableEntity, "token", "testscript.err.token")
		return
	}
	v.Form.Set("set", r.PostForm.Get("set"))
	scripts, names, ferr := serverScripts(r)
	if ferr != nil {
		fail(http.StatusUnprocessableEntity, ferr.field, ferr.key, ferr.args...)
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), TestscriptRunTime)
	defer cancel()
	o := testscript.Options{Base: base, Token: token, HTTP: p.App.PGOClient.HTTP,
		Headers: map[string]string{"MedMij-Request-ID": "${UUID}"}}
	start := time.Now()
	var results []*testscript.ScriptResult
	for _, s := range scripts {
		// validateProfileId through the configured definitions of the
		// script's release; without them those asserts are unsupported.
		o.Validator = nil
		if vv, err := validate.DefaultPool().For(s.Version); err == nil {
			o.Validator = vv
		}
		results = append(results, testscript.Run(ctx, s, o))
	}
	run := testscript.NewRun(rq.HackathonID, rq.UserID(), label, base, strings.Join(names, ", "), results, time.Since(start))
	if err := p.store().Save(r.Context(), run); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/hackathons/%d/testscripts/runs/%d", rq.HackathonID, run.ID), http.StatusSeeOther)
}

// loadRun returns a run the viewer may see (own, or any for the logging
// and project team); others' runs are not found.
func (p *testscriptPages) loadRun(w http.ResponseWriter, r *http.Request) (*testscript.StoredRun, bool) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "tsid")
	if err != nil {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return nil, false
	}
	run, err := p.store().Get(r.Context(), rq.HackathonID, id)
	if err == nil && !rq.Can(authz.TrafficView) && run.CreatedBy != rq.UserID() {
		err = testscript.ErrNotFound
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return nil, false
	}
	return run, true
}

// show is one run: totals, the changes since the previous run of the same
// scripts against the same server, and every script → operation → assert
// with the exchange behind it; a failed assert links to a new finding.
// With ?print=1 it is the printable report (no exchange bodies).
func (p *testscriptPages) show(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	run, ok := p.loadRun(w, r)
	if !ok {
		return
	}
	prev, err := p.store().Previous(r.Context(), run)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "testscript.run") + fmt.Sprintf(" %d", run.ID)
	v.D["Run"] = run
	v.D["Previous"] = prev
	if prev != nil {
		v.D["Changes"] = testscript.Compare(prev.Results, run.Results)
	}
	v.D["Print"] = r.URL.Query().Get("print") == "1"
	v.D["Scripts"] = scriptViews(run.HackathonID, run.Results)
	v.D["Bar"] = summaryBar(run.Counts)
	v.D["OpenScripts"] = len(run.Results) <= 3
	p.render(w, http.StatusOK, "testscript_run", v)
}

// Views of a run for the page: counts per script and a finding link per
// failed assert.
type tsScriptView struct {
	*testscript.ScriptResult
	Counts testscript.Counts
	Ops    []tsOpView
}

type tsOpView struct {
	testscript.OperationResult
	N       int
	Worst   testscript.Status
	Body    string // the response body, JSON indented
	Asserts []tsAssertView
}

type tsAssertView struct {
	testscript.AssertResult
	FindingURL string
}

func scriptViews(hid int64, results []*testscript.ScriptResult) []tsScriptView {
	var out []tsScriptView
	n := 0
	for _, res := range results {
		sv := tsScriptView{ScriptResult: res, Counts: res.Counts()}
		for _, op := range res.Operations {
			n++
			ov := tsOpView{OperationResult: op, N: n}
			for _, a := range op.Asserts {
				av := tsAssertView{AssertResult: a}
				if a.Status == testscript.Fail {
					av.FindingURL = findingLink(hid, res.File, op.Target, a.Description, a.Message)
				}
				ov.Asserts = append(ov.Asserts, av)
			}
			ov.Worst = worst(ov.Asserts)
			if op.Exchange != nil {
				ov.Body = indentBody(op.Exchange.ResponseBody)
			}
			sv.Ops = append(sv.Ops, ov)
		}
		out = append(out, sv)
	}
	return out
}

// junit exports a run as JUnit XML (for a vendor's CI).
func (p *testscriptPages) junit(w http.ResponseWriter, r *http.Request) {
	run, ok := p.loadRun(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="testscript-run-%d.xml"`, run.ID))
	testscript.WriteJUnit(w, run.Results)
}

// findingLink is the new-finding form prefilled from a failed assert.
func findingLink(hid int64, script, target, desc, msg string) string {
	q := url.Values{}
	title := desc
	if len(title) > 150 {
		title = title[:150]
	}
	q.Set("title", "TestScript: "+title)
	q.Set("description", fmt.Sprintf("Script: %s\nOperation: %s\nAssert: %s\nResult: %s", script, target, desc, msg))
	return fmt.Sprintf("/hackathons/%d/findings/new?%s", hid, q.Encode())
}
