package web

import "github.com/ketentest/ketentest/internal/httpx"

// sandboxRoutes lists the pages of the sandbox capability.
func (s *Server) sandboxRoutes() []httpx.Route {
	return nil
}
