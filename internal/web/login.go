package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	v := s.newView(r, i18n.T(httpx.From(r).Lang, "login.title"))
	v.Form.Set("next", safeNext(r.URL.Query().Get("next")))
	if ok, err := s.Accounts.AdminExists(r.Context()); err == nil && !ok {
		v.D["FirstAdmin"] = true // a fresh installation: say how the first administrator is made
	}
	s.render(w, http.StatusOK, "login", v)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	lang := rq.Lang
	email, password := r.PostForm.Get("email"), r.PostForm.Get("password")
	device := ""
	if c, err := r.Cookie(account.DeviceCookie); err == nil {
		device = c.Value
	}
	res, err := s.Accounts.Login(r.Context(), s.Throttle, account.LoginAttempt{Email: email, Password: password, Addr: rq.ClientIP, Device: device})
	if err != nil {
		v := s.newView(r, i18n.T(lang, "login.title"))
		v.Form.Set("email", email)
		v.Form.Set("next", safeNext(r.PostForm.Get("next")))
		status := http.StatusUnprocessableEntity
		var te *account.ThrottleError
		switch {
		case errors.As(err, &te):
			v.Errors["form"] = i18n.T(lang, "login.throttled_wait", minutes(lang, te.RetryAfter))
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(te.RetryAfter.Seconds()))))
			status = http.StatusTooManyRequests
		case errors.Is(err, account.ErrBusy):
			v.Errors["form"] = i18n.T(lang, "login.busy")
			w.Header().Set("Retry-After", "2")
			status = http.StatusServiceUnavailable
		case errors.Is(err, account.ErrBadCredentials):
			v.Errors["form"] = i18n.T(lang, "login.bad")
		default:
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		s.render(w, status, "login", v)
		return
	}
	token, err := s.Accounts.CreateSession(r.Context(), res.User.ID, r.UserAgent())
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.Opts.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(account.SessionLifetime.Seconds())})
	// The browser is now a known device of the account (see account.Throttle).
	http.SetCookie(w, &http.Cookie{Name: account.DeviceCookie, Value: res.Device, Path: "/login", HttpOnly: true,
		Secure: s.Opts.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: int(account.DeviceLifetime.Seconds())})
	redirect(w, r, safeNext(r.PostForm.Get("next")))
}

// minutes says a wait in whole minutes, rounded up.
func minutes(lang string, d time.Duration) string {
	n := int(math.Ceil(d.Minutes()))
	if n <= 1 {
		return i18n.T(lang, "unit.minute")
	}
	return i18n.T(lang, "unit.minutes", n)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(SessionCookie); err == nil {
		_ = s.Accounts.EndSession(r.Context(), c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
	flash(w, "flash.logged_out")
	redirect(w, r, "/login")
}

// setLanguage stores the choice in a cookie and, when logged in, on the account.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) {
	lang := i18n.Normalize(r.FormValue("lang"))
	http.SetCookie(w, &http.Cookie{Name: i18n.CookieName, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
	if rq := httpx.From(r); rq.User != nil {
		_ = s.Accounts.SetLanguage(r.Context(), rq.User.ID, lang)
	}
	redirect(w, r, safeNext(r.FormValue("next")))
}
