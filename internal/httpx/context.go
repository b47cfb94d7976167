package httpx

import (
	"context"
	"net/http"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/blueprint"
)

// Request is what the guard learned about a request.
type Request struct {
	User        *account.User // nil when anonymous
	Roles       []blueprint.Role
	HackathonID int64
	Lang        string // "nl" or "en"
	ClientIP    string // the client's address (ClientIP), for rate limits
}

type ctxKey struct{}

// With stores rq in the request's context.
func With(r *http.Request, rq *Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), ctxKey{}, rq))
}

// From returns the request information; never nil.
func From(r *http.Request) *Request {
	if rq, ok := r.Context().Value(ctxKey{}).(*Request); ok {
		return rq
	}
	return &Request{Lang: "nl"}
}

// UserID is the logged-in user's id, or 0.
func (rq *Request) UserID() int64 {
	if rq.User == nil {
		return 0
	}
	return rq.User.ID
}

// Subject turns the request into an authorization subject.
func (rq *Request) Subject() authz.Subject {
	if rq.User == nil {
		return authz.Subject{}
	}
	return authz.Subject{LoggedIn: true, IsAdmin: rq.User.IsAdmin, CanCreateHackathon: rq.User.CanCreateHackathon, Roles: rq.Roles}
}

// Can reports whether the request's user holds permission p (in the
// request's hackathon for per-hackathon permissions).
func (rq *Request) Can(p authz.Permission) bool { return authz.Allowed(p, rq.Subject()) }

// HasRole reports whether the user holds role in the request's hackathon.
func (rq *Request) HasRole(role blueprint.Role) bool {
	for _, r := range rq.Roles {
		if r == role {
			return true
		}
	}
	return false
}
