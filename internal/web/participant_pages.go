package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/participant"
)

// roleCount is one chain role's numbers on the participants page.
type roleCount struct {
	Role                                   participant.ChainRole
	Capacity                               int // -1: no limit
	Confirmed, Waitlist, Pending, Canceled int
}

func (p *participantPages) participantList(w http.ResponseWriter, r *http.Request) {
	p.renderParticipants(w, r, http.StatusOK, nil)
}

func (p *participantPages) renderParticipants(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	regs, err := p.svc.List(ctx, v.Hackathon.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	st, err := p.svc.Settings(ctx, v.Hackathon.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	var counts []*roleCount
	byRole := map[participant.ChainRole]*roleCount{}
	for _, role := range participant.ChainRoles() {
		c := &roleCount{Role: role, Capacity: -1}
		if n, ok := st.Capacity[role]; ok {
			c.Capacity = n
		}
		counts = append(counts, c)
		byRole[role] = c
	}
	for _, reg := range regs {
		c := byRole[reg.ChainRole]
		if c == nil {
			continue
		}
		switch reg.Status {
		case participant.StatusConfirmed:
			c.Confirmed++
		case participant.StatusWaitlist:
			c.Waitlist++
		case participant.StatusPending:
			c.Pending++
		default:
			c.Canceled++
		}
	}
	v.Title = i18n.T(v.Lang, "part.title")
	v.D["Registrations"] = regs
	v.D["Awaiting"] = pendingApprovals(regs)
	v.D["Counts"] = counts
	v.D["Settings"] = st
	v.D["SettableStatuses"] = participant.SettableStatuses
	if v.D["Questions"], err = p.svc.Questions(ctx, v.Hackathon.ID); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["PublicURL"] = fmt.Sprintf("%s/register/%d", p.linkBase(r), v.Hackathon.ID)
	v.D["FeedURL"] = fmt.Sprintf("%s/events/%d/calendar.ics", p.linkBase(r), v.Hackathon.ID)
	if formErr != nil {
		v.setErrors(formErr)
		if len(v.Errors) == 0 {
			v.Errors["form"] = formErr.Error()
		}
		v.Form = r.PostForm
	}
	p.render(w, status, "participant_list", v)
}

func (p *participantPages) participantSettings(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	st := participant.Settings{Open: r.PostForm.Get("open") != "", PrivacyText: strings.TrimSpace(r.PostForm.Get("privacy_text")),
		Capacity: map[participant.ChainRole]int{}}
	var inv apperr.Invalid
	for _, role := range participant.ChainRoles() {
		raw := strings.TrimSpace(r.PostForm.Get("capacity_" + string(role)))
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			inv.Add("capacity_"+string(role), i18n.T(rq.Lang, "part.capacity_number"))
			continue
		}
		st.Capacity[role] = n
	}
	err := inv.Err()
	if err == nil {
		err = p.svc.SaveSettingsLinked(r.Context(), rq.HackathonID, st, p.linkBase(r), rq.UserID())
	}
	if err != nil {
		if s := httpx.StatusOf(err); s != http.StatusBadRequest {
			p.errorPage(w, r, s, err)
			return
		}
		p.renderParticipants(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	flash(w, "flash.part_settings_saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/participants"))
}

// participantExport downloads everything stored about one person (AVG).
func (p *participantPages) participantExport(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "id")
	var reg *participant.Registration
	if err == nil {
		reg, err = p.svc.Get(r.Context(), rq.HackathonID, id)
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="registration-%d.json"`, reg.ID))
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(reg)
}

func (p *participantPages) participantDelete(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "id")
	if err == nil {
		err = p.svc.Delete(r.Context(), rq.HackathonID, id, rq.UserID())
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "flash.part_deleted")
	redirect(w, r, hackathonPath(rq.HackathonID, "/participants"))
}

func (p *participantPages) outboxList(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	p.renderOutbox(w, r, v, http.StatusOK)
}

func (p *participantPages) renderOutbox(w http.ResponseWriter, r *http.Request, v *view, status int) {
	msgs, err := p.outbox.List(r.Context(), v.Hackathon.ID, 500)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	counts, err := p.outbox.Counts(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "outbox.title")
	v.D["Messages"] = msgs
	v.D["Counts"] = counts
	v.D["ChainRoles"] = participant.ChainRoles()
	v.D["Statuses"] = []string{participant.StatusConfirmed, participant.StatusWaitlist, participant.StatusPending}
	v.D["MergeFields"] = participant.AudienceFields
	v.D["NoSMTP"] = !p.App.MailSent()
	p.render(w, status, "participant_outbox", v)
}

func (p *participantPages) outboxRetry(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "id")
	if err == nil {
		msg, gerr := p.outbox.Get(r.Context(), p.DB, id)
		if gerr != nil || msg.HackathonID != rq.HackathonID {
			err = fmt.Errorf("message %w", apperr.ErrNotFound)
		} else {
			err = p.outbox.Retry(r.Context(), id)
		}
	}
	if err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "flash.part_retry")
	redirect(w, r, hackathonPath(rq.HackathonID, "/outbox"))
}

// participantListExport downloads the participant list, with the answers
// to the organisers' questions, as CSV or XLSX.
func (p *participantPages) participantListExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rq := httpx.From(r)
		regs, err := p.svc.List(r.Context(), rq.HackathonID)
		var qs []participant.Question
		if err == nil {
			qs, err = p.svc.Questions(r.Context(), rq.HackathonID)
		}
		if err != nil {
			p.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		writeSheet(w, fmt.Sprintf("deelnemers-%d", rq.HackathonID), format, participant.ParticipantSheet(regs, qs, p.App.Zone))
	}
}

// outboxCompose queues a message with merge fields to an audience.
func (p *participantPages) outboxCompose(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	f := r.PostForm
	var a participant.Audience
	for _, role := range f["role"] {
		if cr, ok := participant.ParseChainRole(role); ok {
			a.Roles = append(a.Roles, cr)
		}
	}
	a.Statuses = f["status"]
	_, err := p.svc.SendToAudience(r.Context(), v.Hackathon, a, comms.Template{Subject: f.Get("subject"), Body: f.Get("body")},
		f.Get("invite") != "", p.linkBase(r), httpx.From(r).UserID())
	if err != nil {
		if s := httpx.StatusOf(err); s != http.StatusBadRequest {
			p.errorPage(w, r, s, err)
			return
		}
		v.setErrors(err)
		v.Form = f
		p.renderOutbox(w, r, v, http.StatusUnprocessableEntity)
		return
	}
	flash(w, "flash.part_queued")
	redirect(w, r, hackathonPath(v.Hackathon.ID, "/outbox"))
}
