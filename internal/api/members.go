package api

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/participant"
)

// MemberInput invites a person by e-mail address to a role in the
// hackathon (hackathon.Invitation): there is no way to name an account by
// id, so the API cannot be used to list accounts. A deelnemer and an actor
// act for an organisation, so they need organisation_id. The JSON decoder
// refuses unknown fields, so a user_id is a 400.
type MemberInput = hackathon.Invitation

// invited is the member made by an invitation, and whether an account was
// made for it (its set-password link is mailed, never returned).
type invited struct {
	hackathon.Member
	NewAccount bool `json:"new_account"`
}

func (h *handlers) memberList(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var ms []hackathon.Member
	if err == nil {
		ms, err = h.Hackathons.Members(r.Context(), hid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(ms))
}

func (h *handlers) memberAdd(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	var in MemberInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	hk, err := h.Hackathons.Get(r.Context(), hid)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	base, outbox := h.BaseURL, h.Outbox
	mail, err := h.Comms.MemberMailer(r.Context(), hk, base)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	res, err := h.Hackathons.Invite(r.Context(), hid, in, hackathon.Inviting{Accounts: h.Accounts, Outbox: outbox,
		LinkPrefix: base + participant.AccountInvitePath, Mail: mail}, httpx.From(r).UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	created(w, hackathonURL(hid)+"/members/"+strconv.FormatInt(res.Member.ID, 10), invited{res.Member, res.NewAccount})
}

func (h *handlers) memberDelete(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var id int64
	if err == nil {
		id, err = httpx.PathID(r, "id")
	}
	if err == nil {
		err = h.Hackathons.RemoveMember(r.Context(), hid, id, httpx.From(r).UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
