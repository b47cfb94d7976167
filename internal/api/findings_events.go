package api

import (
	"fmt"
	"net/http"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// FindingEventRoutes lists the live stream of findings, the caller's
// notifications about findings, saved filters and watching.
func FindingEventRoutes(d Deps) []httpx.Route {
	h := &findingHandlers{d}
	const hk = Prefix + "/hackathons/{hid}"
	return []httpx.Route{
		{Method: "GET", Pattern: hk + "/findings/events", Perm: authz.FindingView, Handler: h.events},
		{Method: "PUT", Pattern: hk + "/findings/{fid}/watch", Perm: authz.FindingView, Handler: h.watch},
		{Method: "GET", Pattern: hk + "/finding-filters", Perm: authz.FindingView, Handler: h.filterList},
		{Method: "POST", Pattern: hk + "/finding-filters", Perm: authz.FindingView, Handler: h.filterSave},
		{Method: "DELETE", Pattern: hk + "/finding-filters/{id}", Perm: authz.FindingView, Handler: h.filterDelete},
		{Method: "GET", Pattern: hk + "/notifications", Perm: authz.FindingView, Handler: h.notificationList},
		{Method: "POST", Pattern: hk + "/notifications/read", Perm: authz.FindingView, Handler: h.notificationsRead},
		{Method: "PUT", Pattern: hk + "/notifications/settings", Perm: authz.FindingView, Handler: h.notificationSettings},
	}
}

// events streams the changes of the hackathon's findings the caller may
// see as server-sent events (see finding.Live.Serve); Last-Event-ID resumes.
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
	svc.Live.Serve(w, r, httpx.From(r).HackathonID, vw)
}

// WatchInput starts or stops watching a finding.
type WatchInput struct {
	Watching bool `json:"watching"`
}

func (h *findingHandlers) watch(w http.ResponseWriter, r *http.Request) {
	var in WatchInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	svc := h.svc()
	rq := httpx.From(r)
	vw, err := h.viewer(r, svc)
	var f *finding.Finding
	if err == nil {
		var id int64
		if id, err = httpx.PathID(r, "fid"); err == nil {
			f, err = svc.Get(r.Context(), rq.HackathonID, id, vw)
		}
	}
	if err == nil {
		err = svc.Watch(r.Context(), f, rq.UserID(), in.Watching)
	}
	var watching bool
	if err == nil {
		watching, err = svc.Watching(r.Context(), f, rq.UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, WatchInput{Watching: watching})
}

func (h *findingHandlers) filterList(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	fs, err := h.svc().SavedFilters(r.Context(), rq.HackathonID, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(fs))
}

// FilterInput saves a filter of the findings list under a name.
type FilterInput struct {
	Name  string `json:"name"`
	Query string `json:"query"`
}

func (h *findingHandlers) filterSave(w http.ResponseWriter, r *http.Request) {
	var in FilterInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	sf, err := h.svc().SaveFilter(r.Context(), rq.HackathonID, rq.UserID(), in.Name, in.Query)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	created(w, fmt.Sprintf("%s/hackathons/%d/findings?%s", Prefix, rq.HackathonID, sf.Query), sf)
}

func (h *findingHandlers) filterDelete(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "id")
	if err == nil {
		err = h.svc().DeleteFilter(r.Context(), rq.HackathonID, rq.UserID(), id)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// NotificationList is the caller's notifications in a hackathon, newest first.
type NotificationList struct {
	Items  []finding.Notification `json:"items"`
	Unread int                    `json:"unread"`
}

func (h *findingHandlers) notificationList(w http.ResponseWriter, r *http.Request) {
	svc := h.svc()
	rq := httpx.From(r)
	vw, err := h.viewer(r, svc)
	out := NotificationList{Items: []finding.Notification{}}
	var ns []finding.Notification
	if err == nil {
		ns, err = svc.Notifications(r.Context(), rq.HackathonID, vw, 200)
	}
	if err == nil {
		out.Unread, err = svc.Unread(r.Context(), rq.HackathonID, rq.UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if r.URL.Query().Get("unread") == "1" {
		for _, n := range ns {
			if !n.Read {
				out.Items = append(out.Items, n)
			}
		}
	} else if ns != nil {
		out.Items = ns
	}
	ok(w, out)
}

// ReadInput marks one notification read, or all when ID is 0.
type ReadInput struct {
	ID int64 `json:"id"`
}

func (h *findingHandlers) notificationsRead(w http.ResponseWriter, r *http.Request) {
	var in ReadInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	svc := h.svc()
	rq := httpx.From(r)
	err := svc.MarkRead(r.Context(), rq.HackathonID, rq.UserID(), in.ID)
	var n int
	if err == nil {
		n, err = svc.Unread(r.Context(), rq.HackathonID, rq.UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, map[string]int{"unread": n})
}

// NotifySettings are the caller's notification settings in a hackathon.
type NotifySettings struct {
	Email bool `json:"email"`
}

func (h *findingHandlers) notificationSettings(w http.ResponseWriter, r *http.Request) {
	var in NotifySettings
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	svc := h.svc()
	rq := httpx.From(r)
	err := svc.SetEmailNotifications(r.Context(), rq.HackathonID, rq.UserID(), in.Email)
	if err == nil {
		in.Email, err = svc.EmailNotifications(r.Context(), rq.HackathonID, rq.UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, in)
}
