package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// SessionCookie is the name of the login session cookie.
const SessionCookie = "ketentest_session"

// guard is the single authorization point: it identifies the user (session
// cookie or bearer token), loads their roles in the hackathon of the path,
// and lets the request through only when the route's permission is granted.
func (s *Server) guard(rt httpx.Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := &httpx.Request{ClientIP: httpx.ClientIP(r, s.Opts.TrustedProxies)}
		if rt.OwnCredentials {
			if rt.Perm != authz.Public {
				panic("web: route " + rt.Path() + " checks its own credentials but is not public")
			}
			rq.Lang = i18n.FromRequest(r, "")
			rt.Handler(w, httpx.With(r, rq))
			return
		}
		user, bearer, err := s.identify(r)
		if err != nil && bearer {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ketentest", error="invalid_token"`)
			httpx.WriteProblem(w, httpx.Problem{Status: http.StatusUnauthorized, Detail: "invalid or expired API token"})
			return
		}
		rq.User = user
		pref := ""
		if user != nil {
			pref = user.Language
		}
		rq.Lang = i18n.FromRequest(r, pref)
		if authz.HackathonScoped(rt.Perm) && user != nil {
			hid, err := httpx.PathID(r, "hid")
			if err == nil {
				err = s.Hackathons.Exists(r.Context(), hid)
			}
			if err != nil {
				s.fail(w, httpx.With(r, rq), rt.API, err)
				return
			}
			rq.HackathonID = hid
			if rq.Roles, err = s.Hackathons.RolesOf(r.Context(), hid, user.ID); err != nil {
				s.fail(w, httpx.With(r, rq), rt.API, err)
				return
			}
		}
		r = httpx.With(r, rq)
		if !authz.Allowed(rt.Perm, rq.Subject()) {
			if user == nil {
				s.unauthenticated(w, r, rt.API)
				return
			}
			s.fail(w, r, rt.API, apperr.ErrForbidden)
			return
		}
		// The one place forms are parsed: a malformed body is a 400 here,
		// never an error deep in a handler.
		if err := httpx.ParseForm(r); err != nil {
			s.fail(w, r, rt.API, err)
			return
		}
		rt.Handler(w, r)
	})
}

// identify finds the user of a request. bearer reports whether an API token
// was presented, so a bad token is refused rather than treated as anonymous.
func (s *Server) identify(r *http.Request) (user *account.User, bearer bool, err error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, true, errors.New("unsupported authorization scheme")
		}
		u, err := s.Accounts.UserByToken(r.Context(), strings.TrimSpace(token))
		return u, true, err
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return nil, false, nil
	}
	u, err := s.Accounts.UserBySession(r.Context(), c.Value)
	if err != nil {
		return nil, false, nil // an expired session is simply anonymous
	}
	return u, false, nil
}

func (s *Server) unauthenticated(w http.ResponseWriter, r *http.Request, api bool) {
	if api {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ketentest"`)
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusUnauthorized, Detail: "log in or send an API token"})
		return
	}
	if r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	http.Error(w, i18n.T(httpx.From(r).Lang, "error.login_required"), http.StatusUnauthorized)
}

// fail answers with the status that err maps to, as JSON or as a page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, api bool, err error) {
	if api {
		httpx.WriteError(w, r, err)
		return
	}
	s.errorPage(w, r, httpx.StatusOf(err), err)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusNotFound, Detail: "no such endpoint"})
		return
	}
	s.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
}
