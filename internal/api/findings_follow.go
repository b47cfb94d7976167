package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// CommentInput is a comment or an actor's update.
type CommentInput struct {
	Body string `json:"body"`
}

// MergeInput names the finding a duplicate is merged into.
type MergeInput struct {
	Into int64 `json:"into"`
}

// VisibilityInput decides who sees a finding.
type VisibilityInput struct {
	Visibility string `json:"visibility"`
}

// BulkResult says how many findings a bulk action changed.
type BulkResult struct {
	Changed int `json:"changed"`
}

func (h *findingHandlers) commentList(w http.ResponseWriter, r *http.Request) {
	f, svc, _, good := h.load(w, r)
	if !good {
		return
	}
	cs, err := svc.Comments(r.Context(), f.ID)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(cs))
}

func (h *findingHandlers) commentAdd(w http.ResponseWriter, r *http.Request) {
	f, svc, _, good := h.load(w, r)
	if !good {
		return
	}
	var in CommentInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if err := svc.AddComment(r.Context(), f, in.Body, httpx.From(r).UserID()); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	cs, err := svc.Comments(r.Context(), f.ID)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	created(w, "", list(cs))
}

func (h *findingHandlers) followUp(w http.ResponseWriter, r *http.Request) {
	f, svc, vw, good := h.load(w, r)
	if !good {
		return
	}
	var in finding.FollowUp
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if !finding.CanFollowUp(vw, f) {
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusForbidden, Detail: "only the assigned actor or triage may follow up this finding"})
		return
	}
	if err := svc.SetFollowUp(r.Context(), f, in, httpx.From(r).UserID()); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	h.reply(w, r, svc, f, vw)
}

func (h *findingHandlers) merge(w http.ResponseWriter, r *http.Request) {
	f, svc, vw, good := h.load(w, r)
	if !good {
		return
	}
	var in MergeInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	into, err := svc.Get(r.Context(), f.HackathonID, in.Into, vw)
	if err != nil {
		httpx.WriteError(w, r, apperr.Field("into", "no such finding"))
		return
	}
	if err := svc.Merge(r.Context(), f, into, httpx.From(r).UserID()); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	h.reply(w, r, svc, f, vw)
}

func (h *findingHandlers) visibility(w http.ResponseWriter, r *http.Request) {
	f, svc, vw, good := h.load(w, r)
	if !good {
		return
	}
	var in VisibilityInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if err := svc.SetVisibility(r.Context(), f, in.Visibility, httpx.From(r).UserID()); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	h.reply(w, r, svc, f, vw)
}

// reply writes the finding as it is after a change.
func (h *findingHandlers) reply(w http.ResponseWriter, r *http.Request, svc *finding.Service, f *finding.Finding, vw finding.Viewer) {
	f, err := svc.Get(r.Context(), f.HackathonID, f.ID, vw)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, f)
}

func (h *findingHandlers) bulk(w http.ResponseWriter, r *http.Request) {
	var in finding.Bulk
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	n, err := h.svc().BulkTriage(r.Context(), rq.HackathonID, in, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, BulkResult{Changed: n})
}
