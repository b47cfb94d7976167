package api

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// StatusInput moves a finding along the workflow.
type StatusInput struct {
	Status string `json:"status"`
}

type findingHandlers struct{ Deps }

// FindingRoutes lists the finding endpoints; the service is built per
// request from the hackathon service's database, so Deps needs no field.
func FindingRoutes(d Deps) []httpx.Route {
	h := &findingHandlers{d}
	const f = Prefix + "/hackathons/{hid}/findings"
	return []httpx.Route{
		{Method: "GET", Pattern: f, Perm: authz.FindingView, Handler: h.list},
		{Method: "POST", Pattern: f, Perm: authz.FindingCreate, Handler: h.create},
		{Method: "GET", Pattern: f + "/{fid}", Perm: authz.FindingView, Handler: h.get},
		{Method: "POST", Pattern: f + "/{fid}/status", Perm: authz.FindingView, Handler: h.status},
		{Method: "POST", Pattern: f + "/{fid}/triage", Perm: authz.FindingTriage, Handler: h.triage},
		{Method: "GET", Pattern: f + "/{fid}/comments", Perm: authz.FindingView, Handler: h.commentList},
		{Method: "POST", Pattern: f + "/{fid}/comments", Perm: authz.FindingView, Handler: h.commentAdd},
		{Method: "PUT", Pattern: f + "/{fid}/followup", Perm: authz.FindingView, Handler: h.followUp},
		{Method: "POST", Pattern: f + "/{fid}/merge", Perm: authz.FindingTriage, Handler: h.merge},
		{Method: "PUT", Pattern: f + "/{fid}/visibility", Perm: authz.FindingConfig, Handler: h.visibility},
		{Method: "GET", Pattern: f + "/{fid}/attachments", Perm: authz.FindingView, Handler: h.attachmentList},
		{Method: "POST", Pattern: f + "/{fid}/attachments", Perm: authz.FindingView, Handler: h.attachmentAdd},
		{Method: "GET", Pattern: f + "/{fid}/attachments/{aid}", Perm: authz.FindingView, Handler: h.attachmentGet},
		{Method: "POST", Pattern: f + "/bulk", Perm: authz.FindingTriage, Handler: h.bulk},
		{Method: "GET", Pattern: f + "/overview", Perm: authz.FindingView, Handler: h.overview},
		{Method: "GET", Pattern: f + "/handover.csv", Perm: authz.FindingView, Handler: h.export(finding.ExportHandoverCSV)},
		{Method: "GET", Pattern: f + "/handover.xlsx", Perm: authz.FindingView, Handler: h.export(finding.ExportHandoverXLSX)},
		{Method: "GET", Pattern: f + "/jira.csv", Perm: authz.FindingView, Handler: h.export(finding.ExportJiraCSV)},
		{Method: "GET", Pattern: f + "/overview.csv", Perm: authz.FindingView, Handler: h.export(finding.ExportOverviewCSV)},
	}
}

// svc is the finding service the pages use too.
func (h *findingHandlers) svc() *finding.Service { return h.Findings }

func (h *findingHandlers) viewer(r *http.Request, svc *finding.Service) (finding.Viewer, error) {
	rq := httpx.From(r)
	return svc.ViewerOf(r.Context(), rq.HackathonID, rq.UserID(), rq.User != nil && rq.User.IsAdmin, rq.Roles)
}

// FindingPage is one page of the findings list, newest first; Next is the
// URL of the following page, absent on the last.
type FindingPage struct {
	Items      []*finding.Finding `json:"items"`
	NextBefore int                `json:"next_before,omitempty"`
	Next       string             `json:"next,omitempty"`
}

// list is keyset-paged: ?limit= findings (default finding.DefaultPageSize)
// numbered below ?before=, so a page costs the same wherever it starts.
func (h *findingHandlers) list(w http.ResponseWriter, r *http.Request) {
	svc := h.svc()
	vw, err := h.viewer(r, svc)
	var page finding.Page
	if err == nil {
		page, err = svc.Page(r.Context(), httpx.From(r).HackathonID, finding.ParseFilter(r.URL.Query()), vw)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	out := FindingPage{Items: page.Findings}
	if page.Next != 0 {
		q := r.URL.Query()
		q.Set("before", strconv.Itoa(page.Next))
		out.NextBefore, out.Next = page.Next, r.URL.Path+"?"+q.Encode()
		w.Header().Set("Link", "<"+out.Next+`>; rel="next"`)
	}
	ok(w, out)
}

func (h *findingHandlers) create(w http.ResponseWriter, r *http.Request) {
	var in finding.Input
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if in.IdempotencyKey == "" {
		in.IdempotencyKey = r.Header.Get("Idempotency-Key")
	}
	rq := httpx.From(r)
	f, isNew, err := h.svc().Create(r.Context(), rq.HackathonID, in, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	loc := hackathonURL(rq.HackathonID) + "/findings/" + strconv.FormatInt(f.ID, 10)
	if !isNew {
		w.Header().Set("Location", loc)
		ok(w, f)
		return
	}
	created(w, loc, f)
}

func (h *findingHandlers) load(w http.ResponseWriter, r *http.Request) (*finding.Finding, *finding.Service, finding.Viewer, bool) {
	svc := h.svc()
	vw, err := h.viewer(r, svc)
	var f *finding.Finding
	if err == nil {
		var id int64
		if id, err = httpx.PathID(r, "fid"); err == nil {
			f, err = svc.Get(r.Context(), httpx.From(r).HackathonID, id, vw)
		}
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return nil, nil, vw, false
	}
	return f, svc, vw, true
}

func (h *findingHandlers) get(w http.ResponseWriter, r *http.Request) {
	if f, _, _, good := h.load(w, r); good {
		ok(w, f)
	}
}

func (h *findingHandlers) status(w http.ResponseWriter, r *http.Request) {
	f, svc, vw, good := h.load(w, r)
	if !good {
		return
	}
	var in StatusInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if !finding.CanFollowUp(vw, f) {
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusForbidden, Detail: "only the assigned actor or triage may change this finding"})
		return
	}
	if err := svc.SetStatus(r.Context(), f, finding.Status(in.Status), httpx.From(r).UserID()); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	f, err := svc.Get(r.Context(), f.HackathonID, f.ID, vw)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, f)
}

func (h *findingHandlers) triage(w http.ResponseWriter, r *http.Request) {
	f, svc, vw, good := h.load(w, r)
	if !good {
		return
	}
	var in finding.Triage
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if err := svc.SetTriage(r.Context(), f, in, httpx.From(r).UserID()); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	f, err := svc.Get(r.Context(), f.HackathonID, f.ID, vw)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, f)
}
