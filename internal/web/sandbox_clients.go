package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/sandbox"
)

// ownerOf is the user of the request with the organisation they act for
// in the hackathon.
func (p *sandboxPages) ownerOf(r *http.Request) (sandbox.Owner, error) {
	rq := httpx.From(r)
	o := sandbox.Owner{UserID: rq.UserID(), Manager: rq.Can(authz.SandboxManage)}
	members, err := p.Hackathons.Members(r.Context(), rq.HackathonID)
	if err != nil {
		return o, err
	}
	for _, m := range members {
		if m.UserID == o.UserID && m.OrganisationID != 0 {
			o.OrganisationID = m.OrganisationID
			break
		}
	}
	return o, nil
}

// clientRegister is self-service registration of an OAuth client (a PGO)
// at the reference DVA: client_id (the PGO's hostname), a name, and one
// redirect URI per line.
func (p *sandboxPages) clientRegister(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, http.StatusBadRequest, apperr.Field("form", "invalid form"))
		return
	}
	var uris []string
	for _, l := range strings.Split(r.PostForm.Get("redirect_uris"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			uris = append(uris, l)
		}
	}
	c := sandbox.Client{ClientID: r.PostForm.Get("client_id"), Name: strings.TrimSpace(r.PostForm.Get("name")), RedirectURIs: uris, HackathonID: rq.HackathonID}
	field := ""
	err := error(nil)
	switch {
	case len(c.Name) > 200:
		field, err = "name", errors.New(i18nT(r, "pgo.client.err_name"))
	case len(uris) > 10:
		field, err = "redirect_uris", errors.New(i18nT(r, "pgo.client.err_uris"))
	default:
		var owner sandbox.Owner
		owner, err = p.ownerOf(r)
		if err != nil {
			p.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		err = sandbox.RegisterOwnedClient(r.Context(), p.DB, c, owner)
		switch {
		case err == nil:
		case errors.Is(err, sandbox.ErrClientTaken), strings.Contains(err.Error(), "client_id"), strings.Contains(err.Error(), "reserved"):
			field = "client_id"
		default:
			if strings.Contains(err.Error(), "redirect URI") {
				field = "redirect_uris"
			}
		}
	}
	if err != nil && field == "" {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if err != nil {
		v, ok := p.loadHackathon(w, r)
		if !ok {
			return
		}
		v.Form = r.PostForm
		v.Errors[field] = strings.TrimPrefix(err.Error(), "sandbox: ")
		p.renderSandboxPage(w, r, v, http.StatusUnprocessableEntity)
		return
	}
	flash(w, "pgo.client.saved")
	redirect(w, r, fmt.Sprintf("/hackathons/%d/sandbox#clients", rq.HackathonID))
}
