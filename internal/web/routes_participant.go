package web

import "github.com/ketentest/ketentest/internal/httpx"

// participantRoutes lists the pages of the participant capability.
func (s *Server) participantRoutes() []httpx.Route {
	return nil
}
