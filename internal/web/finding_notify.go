package web

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// notificationLimit is how many notifications the page lists.
const notificationLimit = 200

// unreadNotifications is the count shown in the hackathon menu (0 when unknown).
func (s *Server) unreadNotifications(r *http.Request) int {
	rq := httpx.From(r)
	if rq.User == nil || rq.HackathonID == 0 {
		return 0
	}
	n, _ := s.App.Findings.Unread(r.Context(), rq.HackathonID, rq.User.ID)
	return n
}

// notifications is the page "Meldingen": unread and read notifications
// about findings, and the e-mail switch for this hackathon.
func (p *findingPages) notifications(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx, uid := r.Context(), httpx.From(r).UserID()
	vw, err := p.viewer(r)
	var ns []finding.Notification
	if err == nil {
		ns, err = p.svc.Notifications(ctx, v.Hackathon.ID, vw, notificationLimit)
	}
	var email bool
	if err == nil {
		email, err = p.svc.EmailNotifications(ctx, v.Hackathon.ID, uid)
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	var unread, read []finding.Notification
	for _, n := range ns {
		if n.Read {
			read = append(read, n)
		} else {
			unread = append(unread, n)
		}
	}
	v.Title = i18n.T(v.Lang, "notify.title")
	v.D["Unread"] = len(unread)
	v.D["UnreadList"] = unread
	v.D["ReadList"] = read
	v.D["Email"] = email
	p.render(w, http.StatusOK, "finding_notifications", v)
}

// notificationsRead marks one notification (id) or all of them read.
func (p *findingPages) notificationsRead(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	var id int64
	if s := r.PostForm.Get("id"); s != "" {
		var err error
		if id, err = strconv.ParseInt(s, 10, 64); err != nil || id <= 0 {
			p.errorPage(w, r, http.StatusBadRequest, apperr.Field("id", "not a notification id"))
			return
		}
	}
	if err := p.svc.MarkRead(r.Context(), rq.HackathonID, rq.UserID(), id); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	redirect(w, r, hackathonPath(rq.HackathonID, "/notifications"))
}

// notificationSettings switches e-mail for notifications on or off in this hackathon.
func (p *findingPages) notificationSettings(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	if err := p.svc.SetEmailNotifications(r.Context(), rq.HackathonID, rq.UserID(), r.PostForm.Get("email") == "1"); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/notifications"))
}

// watch starts (watch=1) or stops following a finding.
func (p *findingPages) watch(w http.ResponseWriter, r *http.Request) {
	p.act(w, r, false, func(f *finding.Finding, _ finding.Viewer) error {
		return p.svc.Watch(r.Context(), f, httpx.From(r).UserID(), r.PostForm.Get("watch") == "1")
	})
}
