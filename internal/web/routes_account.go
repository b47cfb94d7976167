package web

import (
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
)

func (s *Server) accountRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/login", Perm: authz.Public, Handler: s.loginForm},
		{Method: "POST", Pattern: "/login", Perm: authz.Public, Handler: s.login},
		{Method: "POST", Pattern: "/logout", Perm: authz.Authenticated, Handler: s.logout},
		{Method: "POST", Pattern: "/language", Perm: authz.Public, Handler: s.setLanguage},
		{Method: "GET", Pattern: "/{$}", Perm: authz.Authenticated, Handler: s.dashboard},
		{Method: "GET", Pattern: "/my/milestones", Perm: authz.Authenticated, Handler: s.myMilestones},
		{Method: "GET", Pattern: "/account/tokens", Perm: authz.Authenticated, Handler: s.tokens},
		{Method: "POST", Pattern: "/account/tokens", Perm: authz.Authenticated, Handler: s.tokenCreate},
		{Method: "POST", Pattern: "/account/tokens/{id}/delete", Perm: authz.Authenticated, Handler: s.tokenDelete},
		{Method: "GET", Pattern: "/admin/users", Perm: authz.PlatformAdmin, Handler: s.adminUsers},
		{Method: "POST", Pattern: "/admin/users", Perm: authz.PlatformAdmin, Handler: s.adminUserCreate},
	}
}
