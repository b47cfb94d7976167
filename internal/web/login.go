package web

import (
	"errors"
	"net"
	"net/http"
	"strings"

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
	lang := httpx.From(r).Lang
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	email, password := r.PostForm.Get("email"), r.PostForm.Get("password")
	u, err := s.Accounts.Authenticate(r.Context(), s.Throttle, email, password, clientAddr(r))
	if err != nil {
		v := s.newView(r, i18n.T(lang, "login.title"))
		v.Form.Set("email", email)
		v.Form.Set("next", safeNext(r.PostForm.Get("next")))
		status := http.StatusUnprocessableEntity
		switch {
		case errors.Is(err, account.ErrThrottled):
			v.Errors["form"] = i18n.T(lang, "login.throttled")
			status = http.StatusTooManyRequests
		case errors.Is(err, account.ErrBadCredentials):
			v.Errors["form"] = i18n.T(lang, "login.bad")
		default:
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		s.render(w, status, "login", v)
		return
	}
	token, err := s.Accounts.CreateSession(r.Context(), u.ID, r.UserAgent())
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.Opts.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(account.SessionLifetime.Seconds())})
	redirect(w, r, safeNext(r.PostForm.Get("next")))
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

// safeNext allows only local paths as a redirect target (no open redirect).
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

// clientAddr is the peer address used for login throttling. Behind a proxy
// every request comes from the proxy; that is safe (stricter), not weaker.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
