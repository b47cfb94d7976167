package web

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/participant"
)

// participantApprovalRoutes are the organisers' decisions on registrations
// whose link to an existing organisation waits for approval.
func (s *Server) participantApprovalRoutes() []httpx.Route {
	p := s.participantPages()
	const hk = "/hackathons/{hid}/participants/approval"
	return []httpx.Route{
		{Method: "POST", Pattern: hk + "/approve", Perm: authz.ParticipantManage, Handler: p.approvalDecide(true)},
		{Method: "POST", Pattern: hk + "/reject", Perm: authz.ParticipantManage, Handler: p.approvalDecide(false)},
	}
}

// pendingApprovals are the registrations that wait for the approval of
// their organisation link (cancelled ones need no decision).
func pendingApprovals(regs []participant.Registration) []participant.Registration {
	var out []participant.Registration
	for _, r := range regs {
		if r.Approval == participant.ApprovalPending && r.Status != participant.StatusCancelled {
			out = append(out, r)
		}
	}
	return out
}

// approvalDecide approves or rejects the chosen registrations: the ticked
// boxes (ids) of the bulk form, or the one row button (id).
func (p *participantPages) approvalDecide(approve bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := p.loadHackathon(w, r)
		if !ok {
			return
		}
		if err := r.ParseForm(); err != nil {
			p.errorPage(w, r, httpx.StatusOf(err), err)
			return
		}
		ids, err := formIDs(r.PostForm["id"], r.PostForm["ids"])
		var res participant.ApprovalResult
		if err == nil {
			by := httpx.From(r).UserID()
			if approve {
				res, err = p.svc.Approve(r.Context(), v.Hackathon, ids, by)
			} else {
				res, err = p.svc.Reject(r.Context(), v.Hackathon, ids, r.PostForm.Get("reason"), p.linkBase(r), by)
			}
		}
		if err != nil {
			if s := httpx.StatusOf(err); s != http.StatusBadRequest {
				p.errorPage(w, r, s, err)
				return
			}
			p.renderParticipants(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		switch {
		case res.Changed == 0:
			flash(w, "approval.flash_nothing")
		case approve:
			flash(w, "approval.flash_approved")
		default:
			flash(w, "approval.flash_rejected")
		}
		redirect(w, r, "/hackathons/"+strconv.FormatInt(v.Hackathon.ID, 10)+"/participants#approvals")
	}
}

// formIDs parses the registration ids of a form; the row button's id wins.
func formIDs(one, many []string) ([]int64, error) {
	raw := many
	if len(one) > 0 && one[0] != "" {
		raw = one[:1]
	}
	if len(raw) > 1000 {
		return nil, apperr.Field("ids", "choose at most 1000 registrations at a time")
	}
	var out []int64
	for _, s := range raw {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return nil, apperr.Field("ids", "not a registration id: "+strconv.Quote(s))
		}
		out = append(out, id)
	}
	return out, nil
}
