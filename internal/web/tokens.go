package web

import (
	"net/http"
	"time"

	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

func (s *Server) tokens(w http.ResponseWriter, r *http.Request) {
	s.renderTokens(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, secret string, err error) {
	rq := httpx.From(r)
	list, lerr := s.Accounts.Tokens(r.Context(), rq.User.ID)
	if lerr != nil {
		s.errorPage(w, r, http.StatusInternalServerError, lerr)
		return
	}
	v := s.newView(r, i18n.T(rq.Lang, "tokens.title"))
	v.D["Tokens"] = list
	v.D["Secret"] = secret
	if err != nil {
		v.setErrors(err)
		v.Form = r.PostForm
	}
	s.render(w, status, "tokens", v)
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	ttl := 90 * 24 * time.Hour
	if r.PostForm.Get("expires") == "never" {
		ttl = 0
	}
	_, secret, err := s.Accounts.CreateToken(r.Context(), rq.User.ID, r.PostForm.Get("name"), ttl)
	if err != nil {
		s.renderTokens(w, r, http.StatusUnprocessableEntity, "", err)
		return
	}
	// The secret is shown once, in this response only, and never stored.
	s.renderTokens(w, r, http.StatusCreated, secret, nil)
}

func (s *Server) tokenDelete(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.PathID(r, "id")
	if err == nil {
		err = s.Accounts.RevokeToken(r.Context(), httpx.From(r).User.ID, id)
	}
	if err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "flash.token_revoked")
	redirect(w, r, "/account/tokens")
}
