package web

import "github.com/ketentest/ketentest/internal/httpx"

// findingRoutes lists the pages of the finding capability.
func (s *Server) findingRoutes() []httpx.Route {
	return nil
}
