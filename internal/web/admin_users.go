package web

import (
	"errors"
	"net/http"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	s.renderAdminUsers(w, r, http.StatusOK, nil)
}

func (s *Server) renderAdminUsers(w http.ResponseWriter, r *http.Request, status int, err error) {
	users, lerr := s.Accounts.List(r.Context())
	if lerr != nil {
		s.errorPage(w, r, http.StatusInternalServerError, lerr)
		return
	}
	v := s.newView(r, i18n.T(httpx.From(r).Lang, "admin.users"))
	v.D["Users"] = users
	if err != nil {
		v.setErrors(err)
		v.Form = r.PostForm
		v.Form.Del("password")
	}
	s.render(w, status, "admin_users", v)
}

func (s *Server) adminUserCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	_, err := s.Accounts.Create(r.Context(), account.NewUser{
		Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Password: r.PostForm.Get("password"),
		IsAdmin: r.PostForm.Get("is_admin") == "on", CanCreateHackathon: r.PostForm.Get("can_create") == "on",
		Language: r.PostForm.Get("language"),
	})
	if errors.Is(err, account.ErrEmailTaken) {
		err = apperr.Field("email", err.Error())
	}
	if err != nil {
		s.renderAdminUsers(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	flash(w, "flash.user_created")
	redirect(w, r, "/admin/users")
}
