package web

import (
	"errors"
	"net/http"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// accountsCreate is "accounts aanmaken voor alle bevestigde registraties"
// (4E): it shows what it did; running it again creates nothing twice.
func (p *participantPages) accountsCreate(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	comm := p.App.Comms
	comm.Participants = p.svc
	res, err := comm.CreateAccounts(r.Context(), v.Hackathon, p.Accounts, p.linkBase(r), httpx.From(r).UserID())
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	v.Title = i18n.T(v.Lang, "accounts.title")
	v.D["Result"] = res
	p.render(w, http.StatusOK, "participant_accounts", v)
}

// setPasswordForm is the page of the one-time link in the invitation mail.
func (p *participantPages) setPasswordForm(w http.ResponseWriter, r *http.Request) {
	u, err := p.Accounts.UserBySetPasswordToken(r.Context(), r.PathValue("token"))
	p.renderSetPassword(w, r, u, err, nil)
}

func (p *participantPages) renderSetPassword(w http.ResponseWriter, r *http.Request, u *account.User, err, formErr error) {
	lang := httpx.From(r).Lang
	if errors.Is(err, apperr.ErrNotFound) {
		p.registrationMessage(w, r, http.StatusNotFound, "accounts.link_invalid")
		return
	}
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v := p.newView(r, i18n.T(lang, "accounts.set_title"))
	v.D["Email"] = u.Email
	v.D["Name"] = u.Name
	v.D["Token"] = r.PathValue("token")
	v.D["MinLength"] = account.MinPasswordLength
	status := http.StatusOK
	if formErr != nil {
		status = http.StatusUnprocessableEntity
		v.setErrors(formErr)
	}
	p.render(w, status, "account_set_password", v)
}

func (p *participantPages) setPassword(w http.ResponseWriter, r *http.Request) {
	lang := httpx.From(r).Lang
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	token := r.PathValue("token")
	u, err := p.Accounts.UserBySetPasswordToken(r.Context(), token)
	if err != nil {
		p.renderSetPassword(w, r, u, err, nil)
		return
	}
	pw := r.PostForm.Get("password")
	if pw != r.PostForm.Get("password_again") {
		p.renderSetPassword(w, r, u, nil, apperr.Field("password_again", i18n.T(lang, "accounts.mismatch")))
		return
	}
	if _, err := p.Accounts.UseSetPasswordToken(r.Context(), token, pw); err != nil {
		if httpx.StatusOf(err) == http.StatusBadRequest {
			err = apperr.Field("password", i18n.T(lang, "accounts.too_short", account.MinPasswordLength))
			p.renderSetPassword(w, r, u, nil, err)
			return
		}
		p.renderSetPassword(w, r, u, err, nil)
		return
	}
	flash(w, "accounts.password_set")
	redirect(w, r, "/login")
}
