package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
)

// ProjectRole is the staffing of a project role with the role's label in
// the request language.
type ProjectRole struct {
	hackathon.ProjectRole
	Label string `json:"label"`
}

func (h *handlers) projectRoles(r *http.Request, hid int64) ([]ProjectRole, error) {
	ps, err := h.Hackathons.ProjectRoles(r.Context(), hid)
	if err != nil {
		return nil, err
	}
	lang := httpx.From(r).Lang
	out := make([]ProjectRole, 0, len(ps))
	for _, p := range ps {
		out = append(out, ProjectRole{ProjectRole: p, Label: p.Role.Label().In(lang)})
	}
	return out, nil
}

func (h *handlers) projectRoleList(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var ps []ProjectRole
	if err == nil {
		ps, err = h.projectRoles(r, hid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(ps))
}

// projectRoleSave replaces the staffing of the project role in the path.
// The body may repeat the role, as a GET item does, but not name another.
func (h *handlers) projectRoleSave(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	role := blueprint.Role(r.PathValue("role"))
	if !role.IsProjectRole() {
		httpx.WriteError(w, r, fmt.Errorf("project role %q %w", role, apperr.ErrNotFound))
		return
	}
	var in hackathon.ProjectRole
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if in.Role != "" && in.Role != role {
		httpx.WriteError(w, r, apperr.Field("role", "must be "+string(role)+", the role in the path, or left out"))
		return
	}
	in.Role = role
	if in.UserID != 0 {
		if _, err := h.Accounts.ByID(r.Context(), in.UserID); err != nil {
			if errors.Is(err, apperr.ErrNotFound) {
				err = apperr.Field("user_id", "no such user")
			}
			httpx.WriteError(w, r, err)
			return
		}
	}
	if err := h.Hackathons.SaveProjectRole(r.Context(), hid, in, httpx.From(r).UserID()); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ps, err := h.projectRoles(r, hid)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	for _, p := range ps {
		if p.Role == role {
			ok(w, p)
			return
		}
	}
	httpx.WriteError(w, r, fmt.Errorf("project role %q %w", role, apperr.ErrNotFound))
}
