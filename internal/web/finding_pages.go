package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/markdown"
)

// findingPages are the finding pages; the Server cannot hold the finding
// service itself, so the pages carry it.
type findingPages struct {
	*Server
	svc *finding.Service
}

func (p *findingPages) viewer(r *http.Request) (finding.Viewer, error) {
	rq := httpx.From(r)
	return p.svc.ViewerOf(r.Context(), rq.HackathonID, rq.UserID(), rq.User != nil && rq.User.IsAdmin, rq.Roles)
}

// load returns the finding of the path if the user may see it.
func (p *findingPages) load(w http.ResponseWriter, r *http.Request) (*finding.Finding, finding.Viewer, bool) {
	vw, err := p.viewer(r)
	var f *finding.Finding
	if err == nil {
		var id int64
		id, err = httpx.PathID(r, "fid")
		if err == nil {
			f, err = p.svc.Get(r.Context(), httpx.From(r).HackathonID, id, vw)
		}
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return nil, vw, false
	}
	return f, vw, true
}

// mergeTargets is how many of the newest findings the merge choice offers.
const mergeTargets = 200

func findingPath(hid, fid int64) string {
	return hackathonPath(hid, "/findings/"+strconv.FormatInt(fid, 10))
}

func (p *findingPages) list(w http.ResponseWriter, r *http.Request) {
	p.renderList(w, r, http.StatusOK, nil)
}

// renderList shows the list; a refused form (bulk action, saving a filter)
// comes back with its error.
func (p *findingPages) renderList(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	vw, err := p.viewer(r)
	var page finding.Page
	var counts finding.Counts
	today := date.Of(time.Now())
	flt := finding.ParseFilter(r.URL.Query())
	if err == nil {
		page, err = p.svc.Page(r.Context(), v.Hackathon.ID, flt, vw)
	}
	if err == nil {
		counts, err = p.svc.Tally(r.Context(), v.Hackathon.ID, flt, vw, today)
	}
	var orgs any
	if err == nil {
		orgs, err = p.Hackathons.Organisations(r.Context())
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	v.Title = i18n.T(v.Lang, "finding.title")
	v.D["Findings"] = page.Findings
	v.D["Counts"] = counts
	v.D["Shown"] = len(page.Findings)
	pageQuery := r.URL.Query()
	if page.Next != 0 {
		pageQuery.Set("before", strconv.Itoa(page.Next))
		v.D["NextPage"] = hackathonPath(v.Hackathon.ID, "/findings?"+pageQuery.Encode())
	}
	if flt.Before != 0 {
		pageQuery.Del("before")
		v.D["FirstPage"] = hackathonPath(v.Hackathon.ID, "/findings?"+pageQuery.Encode())
	}
	v.D["Today"] = today
	v.D["Statuses"] = finding.Statuses
	v.D["Severities"] = finding.Severities
	v.D["ChainLinks"] = finding.ChainLinks
	v.D["Organisations"] = orgs
	v.Form = r.URL.Query()
	if err := p.listExtras(r, v); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if err := p.savedFilterExtras(r, v, flt, formErr); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	if formErr != nil {
		v.setErrors(formErr)
		if len(v.Errors) == 0 {
			v.Errors["form"] = formErr.Error()
		}
	}
	p.render(w, status, "finding_list", v)
}

func newIdempotencyKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (p *findingPages) newForm(w http.ResponseWriter, r *http.Request) {
	p.renderNew(w, r, http.StatusOK, nil)
}

// renderNew shows the logging screen. With ?like=ID the context of that
// finding is copied ("log like previous"); a fresh idempotency key makes a
// resubmitted form return the finding stored the first time.
func (p *findingPages) renderNew(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	if err := p.pickLists(r, v); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "finding.log")
	markOffline(w, r, v)
	v.D["ChainLinks"] = finding.ChainLinks
	v.D["Kinds"] = finding.Kinds
	v.D["Severities"] = finding.Severities
	v.D["Services"] = v.Hackathon.Services
	selected := map[int64]bool{}
	if formErr != nil {
		v.setErrors(formErr)
		if len(v.Errors) == 0 {
			v.Errors["form"] = formErr.Error()
		}
		v.Form = r.PostForm
		for _, s := range r.PostForm["organisation_ids"] {
			id, _ := strconv.ParseInt(s, 10, 64)
			selected[id] = true
		}
	} else {
		v.Form.Set("idempotency_key", newIdempotencyKey())
		v.Form.Set("severity", "midden")
		// Links from a test exchange, round or step (?exchange_id=N) prefill the link.
		for _, k := range []string{"exchange_id", "pgo_exchange_id", "test_round_id", "scenario_step_id"} {
			if id, err := strconv.ParseInt(r.URL.Query().Get(k), 10, 64); err == nil && id > 0 {
				v.Form.Set(k, strconv.FormatInt(id, 10))
			}
		}
		// A failed TestScript assert (?title=…&description=…) prefills the text.
		for _, k := range []string{"title", "description"} {
			if t := r.URL.Query().Get(k); t != "" && len(t) <= 4000 {
				v.Form.Set(k, t)
			}
		}
		if like, err := strconv.ParseInt(r.URL.Query().Get("like"), 10, 64); err == nil {
			vw, _ := p.viewer(r)
			if f, err := p.svc.Get(r.Context(), v.Hackathon.ID, like, vw); err == nil {
				v.Form.Set("reported_by", f.ReportedBy)
				v.Form.Set("chain_link", f.ChainLink)
				v.Form.Set("data_service", f.DataService)
				v.Form.Set("kind", f.Kind)
				v.Form.Set("severity", f.Severity)
				for _, o := range f.Orgs {
					selected[o.ID] = true
				}
			}
		}
	}
	v.D["Selected"] = selected
	p.render(w, status, "finding_new", v)
}

func (p *findingPages) create(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	f := r.PostForm
	in := finding.Input{Title: f.Get("title"), Description: f.Get("description"), ReportedBy: f.Get("reported_by"),
		ChainLink: f.Get("chain_link"), DataService: f.Get("data_service"), Kind: f.Get("kind"), Severity: f.Get("severity"),
		IdempotencyKey: f.Get("idempotency_key")}
	for _, s := range f["organisation_ids"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
			in.OrgIDs = append(in.OrgIDs, id)
		}
	}
	for _, l := range []struct {
		name string
		to   *int64
	}{{"exchange_id", &in.ExchangeID}, {"pgo_exchange_id", &in.PGOExchangeID}, {"test_round_id", &in.TestRoundID}, {"scenario_step_id", &in.ScenarioStepID}} {
		if s := f.Get(l.name); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				p.renderNew(w, r, http.StatusUnprocessableEntity, apperr.Field(l.name, "not a record number"))
				return
			}
			*l.to = id
		}
	}
	fd, _, err := p.svc.Create(r.Context(), rq.HackathonID, in, rq.UserID())
	if err != nil {
		if httpx.StatusOf(err) != http.StatusBadRequest {
			p.errorPage(w, r, httpx.StatusOf(err), err)
			return
		}
		p.renderNew(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	flash(w, "finding.logged")
	if f.Get("next") == "like" {
		redirect(w, r, hackathonPath(rq.HackathonID, "/findings/new?like="+strconv.FormatInt(fd.ID, 10)))
		return
	}
	redirect(w, r, findingPath(rq.HackathonID, fd.ID))
}

func (p *findingPages) show(w http.ResponseWriter, r *http.Request) {
	p.renderShow(w, r, http.StatusOK, nil)
}

func (p *findingPages) renderShow(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	f, vw, ok := p.load(w, r)
	if !ok {
		return
	}
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	comments, err := p.svc.Comments(ctx, f.ID)
	var atts []finding.Attachment
	if err == nil {
		atts, err = p.svc.Attachments(ctx, f.ID)
	}
	var trail []audit.Entry
	if err == nil {
		trail, err = audit.For(ctx, p.DB, "finding", strconv.FormatInt(f.ID, 10))
	}
	var orgs any
	if err == nil {
		orgs, err = p.Hackathons.Organisations(ctx)
	}
	var others []*finding.Finding
	if err == nil {
		// Merge targets: the newest findings, bounded like any page.
		others, err = p.svc.List(ctx, f.HackathonID, finding.Filter{Limit: mergeTargets}, vw)
	}
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}

	v.Title = f.Key + " " + f.Title
	v.D["F"] = f
	v.D["Description"] = markdown.Render(f.Description)
	v.D["Comments"] = comments
	v.D["Attachments"] = atts
	opts := map[string][]string{}
	for _, k := range finding.OptionKinds {
		if opts[k], err = p.svc.Options(ctx, f.HackathonID, k); err != nil {
			p.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
	}
	v.D["Opts"] = opts
	labelSet := map[string]bool{}
	for _, l := range f.Labels {
		labelSet[l] = true
	}
	v.D["LabelSet"] = labelSet
	v.D["MaxMB"] = p.svc.MaxAttachmentSize() >> 20
	if v.D["Entries"], err = displayAudit(ctx, p.DB, v.Lang, trail); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["Organisations"] = orgs
	v.D["Others"] = others
	v.D["CanMerge"] = slices.ContainsFunc(others, func(o *finding.Finding) bool { return o.ID != f.ID })
	v.D["Severities"] = finding.Severities
	v.D["ChainLinks"] = finding.ChainLinks
	v.D["Overdue"] = f.Overdue(date.Of(time.Now()))
	v.D["Allowed"] = p.allowed(r, f, vw)
	v.D["CanFollow"] = p.canFollow(r, f, vw)
	v.D["Steps"] = workflowSteps(f.Status)
	v.D["Triager"] = triager(r)
	solved := solvedEntry(trail)
	v.D["Solved"] = solved
	v.D["SolvedToday"] = solvedToday(solved, time.Now())
	v.D["CanSolve"] = slices.Contains(v.D["Allowed"].([]finding.Status), finding.StatusOpgelost)
	v.D["CanVerify"] = triager(r) && f.Status == finding.StatusOpgelost
	if v.D["Watching"], err = p.svc.Watching(ctx, f, httpx.From(r).UserID()); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if err := p.svc.MarkFindingRead(ctx, f.HackathonID, httpx.From(r).UserID(), f.ID); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["Triage"] = triageFormOf(f, nil)
	if formErr != nil {
		v.setErrors(formErr)
		if len(v.Errors) == 0 {
			v.Errors["form"] = formErr.Error()
		}
		v.Form = r.PostForm
		if strings.HasSuffix(r.URL.Path, "/triage") {
			v.D["Triage"] = triageFormOf(f, r.PostForm)
		}
	}
	p.render(w, status, "finding_show", v)
}

// triager reports whether the user triages (triage team, issue coordinator, admin).
func triager(r *http.Request) bool { return httpx.From(r).Can(authz.FindingTriage) }

// canFollow is the finding capability's one follow-up rule.
func (p *findingPages) canFollow(_ *http.Request, f *finding.Finding, vw finding.Viewer) bool {
	return finding.CanFollowUp(vw, f)
}

func (p *findingPages) allowed(_ *http.Request, f *finding.Finding, vw finding.Viewer) []finding.Status {
	return finding.AllowedFor(vw, f)
}

// act loads the finding, parses the form and runs fn; field errors re-render
// the page, other errors (409 with the allowed statuses, 403) show an error page.
func (p *findingPages) act(w http.ResponseWriter, r *http.Request, needFollow bool, fn func(f *finding.Finding, vw finding.Viewer) error) {
	f, vw, ok := p.load(w, r)
	if !ok {
		return
	}
	// A multipart form (attachments) is read by the handler itself.
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseForm(); err != nil {
			p.errorPage(w, r, httpx.StatusOf(err), err)
			return
		}
	}
	if needFollow && !p.canFollow(r, f, vw) {
		p.errorPage(w, r, http.StatusForbidden, apperr.ErrForbidden)
		return
	}
	if err := fn(f, vw); err != nil {
		if st := httpx.StatusOf(err); st != http.StatusBadRequest {
			p.errorPage(w, r, st, err)
			return
		}
		p.renderShow(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, findingPath(f.HackathonID, f.ID))
}

func (p *findingPages) comment(w http.ResponseWriter, r *http.Request) {
	p.act(w, r, false, func(f *finding.Finding, _ finding.Viewer) error {
		return p.svc.AddComment(r.Context(), f, r.PostForm.Get("body"), httpx.From(r).UserID())
	})
}

func (p *findingPages) status(w http.ResponseWriter, r *http.Request) {
	p.act(w, r, true, func(f *finding.Finding, _ finding.Viewer) error {
		return p.svc.SetStatus(r.Context(), f, finding.Status(r.PostForm.Get("status")), httpx.From(r).UserID())
	})
}

func (p *findingPages) followUp(w http.ResponseWriter, r *http.Request) {
	p.act(w, r, true, func(f *finding.Finding, _ finding.Viewer) error {
		pf := r.PostForm
		u := finding.FollowUp{TrackerKey: pf.Get("tracker_key"), TrackerURL: pf.Get("tracker_url"), RootCause: pf.Get("root_cause"),
			RootChainLink: pf.Get("root_chain_link"), RootEvidence: pf.Get("root_evidence")}
		if s := pf.Get("resolution_due"); s != "" {
			d, err := date.Parse(s)
			if err != nil {
				return apperr.Field("resolution_due", "not a date (yyyy-mm-dd)")
			}
			u.Due = d
		}
		return p.svc.SetFollowUp(r.Context(), f, u, httpx.From(r).UserID())
	})
}

// triageForm is what the triage form shows: the finding's triage, or what
// was typed when the form was refused, so nothing typed is lost.
type triageForm struct {
	Category, Theme, Element, Severity string
	ActorOrgID                         int64
	Labels                             map[string]bool
	Refused                            bool // shows what was typed, refused
}

// triageFormOf is the triage form of f, or of the refused input pf.
func triageFormOf(f *finding.Finding, pf url.Values) triageForm {
	if pf == nil {
		t := triageForm{Category: f.Category, Theme: f.Theme, Element: f.Element, Severity: f.Severity, ActorOrgID: f.ActorOrgID, Labels: map[string]bool{}}
		for _, l := range f.Labels {
			t.Labels[l] = true
		}
		return t
	}
	actor, _ := strconv.ParseInt(pf.Get("actor_organisation_id"), 10, 64)
	t := triageForm{Category: pf.Get("category"), Theme: pf.Get("theme"), Element: pf.Get("element"), Severity: pf.Get("severity"),
		ActorOrgID: actor, Labels: map[string]bool{}, Refused: true}
	for _, l := range pf["labels"] {
		t.Labels[l] = true
	}
	return t
}

func (p *findingPages) triage(w http.ResponseWriter, r *http.Request) {
	p.act(w, r, false, func(f *finding.Finding, _ finding.Viewer) error {
		pf := r.PostForm
		actor, _ := strconv.ParseInt(pf.Get("actor_organisation_id"), 10, 64)
		t := finding.Triage{Category: pf.Get("category"), Theme: pf.Get("theme"),
			Element: pf.Get("element"), Severity: pf.Get("severity"), ActorOrgID: actor}
		if pf.Get("labels_present") == "1" {
			t.Labels = append([]string{}, pf["labels"]...)
		}
		return p.svc.SetTriage(r.Context(), f, t, httpx.From(r).UserID())
	})
}

func (p *findingPages) merge(w http.ResponseWriter, r *http.Request) {
	p.act(w, r, false, func(f *finding.Finding, vw finding.Viewer) error {
		into, err := strconv.ParseInt(r.PostForm.Get("into"), 10, 64)
		if err != nil {
			return apperr.Field("into", "choose a finding")
		}
		target, err := p.svc.Get(r.Context(), f.HackathonID, into, vw)
		if err != nil {
			return apperr.Field("into", "no such finding")
		}
		return p.svc.Merge(r.Context(), f, target, httpx.From(r).UserID())
	})
}

func (p *findingPages) visibility(w http.ResponseWriter, r *http.Request) {
	p.act(w, r, false, func(f *finding.Finding, _ finding.Viewer) error {
		return p.svc.SetVisibility(r.Context(), f, r.PostForm.Get("visibility"), httpx.From(r).UserID())
	})
}
