package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/participant"
)

// ParticipantApprovalRoutes are the organisers' decisions on registrations
// whose link to an existing organisation waits for approval.
func ParticipantApprovalRoutes(d Deps) []httpx.Route {
	h := &participantHandlers{d}
	const hk = Prefix + "/hackathons/{hid}/registrations"
	return []httpx.Route{
		{Method: "POST", Pattern: hk + "/approval", Perm: authz.ParticipantManage, Handler: h.approvalBulk},
		{Method: "POST", Pattern: hk + "/{rid}/approval", Perm: authz.ParticipantManage, Handler: h.approvalOne},
	}
}

// ApprovalDecision approves or rejects registrations' organisation links.
type ApprovalDecision struct {
	Decision string  `json:"decision"`      // approve or reject
	Reason   string  `json:"reason"`        // required to reject; mailed to the person
	IDs      []int64 `json:"ids,omitempty"` // bulk only
}

func (h *participantHandlers) decide(r *http.Request, ids []int64, in ApprovalDecision) (participant.ApprovalResult, error) {
	hk, err := h.hackathon(r)
	if err != nil {
		return participant.ApprovalResult{}, err
	}
	by := httpx.From(r).UserID()
	switch in.Decision {
	case "approve":
		return h.svc().Approve(r.Context(), hk, ids, by)
	case "reject":
		return h.svc().Reject(r.Context(), hk, ids, in.Reason, h.BaseURL, by)
	}
	return participant.ApprovalResult{}, apperr.Field("decision", "choose approve or reject")
}

// approvalOne decides one registration and returns it; deciding one that
// does not wait for approval is a conflict.
func (h *participantHandlers) approvalOne(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var rid int64
	if err == nil {
		rid, err = httpx.PathID(r, "rid")
	}
	if err == nil { // a registration of another hackathon is not found, whatever the body
		_, err = h.svc().Get(r.Context(), hid, rid)
	}
	var in ApprovalDecision
	if err == nil {
		err = httpx.DecodeJSON(w, r, &in)
	}
	var res participant.ApprovalResult
	if err == nil {
		res, err = h.decide(r, []int64{rid}, in)
	}
	if err == nil && res.Changed == 0 {
		err = &apperr.Conflict{Message: "this registration does not wait for approval of its organisation"}
	}
	var reg *participant.Registration
	if err == nil {
		reg, err = h.svc().Get(r.Context(), hid, rid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, reg)
}

// approvalBulk decides several registrations; those that do not wait are skipped.
func (h *participantHandlers) approvalBulk(w http.ResponseWriter, r *http.Request) {
	var in ApprovalDecision
	err := httpx.DecodeJSON(w, r, &in)
	var res participant.ApprovalResult
	if err == nil {
		if len(in.IDs) > 1000 {
			err = apperr.Field("ids", "at most 1000 registrations at a time")
		} else {
			res, err = h.decide(r, in.IDs, in)
		}
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, res)
}
