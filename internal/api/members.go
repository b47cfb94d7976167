package api

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
)

// MemberInput grants a user a role in the hackathon. A deelnemer and an
// actor act for an organisation, so they need organisation_id.
type MemberInput struct {
	UserID         int64  `json:"user_id"`
	Role           string `json:"role"`
	OrganisationID int64  `json:"organisation_id"`
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
	if err := h.Hackathons.AddMember(r.Context(), hid, in.UserID, in.Role, in.OrganisationID, httpx.From(r).UserID()); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	role, _ := blueprint.ParseRole(in.Role) // AddMember accepted it
	ms, err := h.Hackathons.Members(r.Context(), hid)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	for _, m := range ms {
		if m.UserID == in.UserID && m.Role == role {
			created(w, hackathonURL(hid)+"/members/"+strconv.FormatInt(m.ID, 10), m)
			return
		}
	}
	// Removed again between the two statements: report what was asked for.
	created(w, "", hackathon.Member{UserID: in.UserID, Role: role, OrganisationID: in.OrganisationID})
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
