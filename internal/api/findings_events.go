package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// FindingEventRoutes lists the live stream of findings for API clients.
func FindingEventRoutes(d Deps) []httpx.Route {
	h := &findingHandlers{d}
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/hackathons/{hid}/findings/events", Perm: authz.FindingView, Handler: h.events},
	}
}

// events streams the changes of the hackathon's findings the caller may
// see as server-sent events (see finding.ServeLive); Last-Event-ID resumes.
func (h *findingHandlers) events(w http.ResponseWriter, r *http.Request) {
	if !finding.WantsEventStream(r) {
		httpx.WriteProblem(w, httpx.Problem{Status: http.StatusNotAcceptable,
			Detail: "this is a stream of server-sent events: send Accept: text/event-stream"})
		return
	}
	svc := h.svc()
	vw, err := h.viewer(r, svc)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	finding.ServeLive(w, r, finding.LiveFor(svc.DB), httpx.From(r).HackathonID, vw)
}
