package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/participant"
)

// commsTab is one tab of the communication pages.
type commsTab struct {
	Key, Path string
	Active    bool
}

func (c *commsPages) view(w http.ResponseWriter, r *http.Request, tab string) (*view, bool) {
	v, ok := c.loadHackathon(w, r)
	if !ok {
		return nil, false
	}
	var tabs []commsTab
	for _, t := range []string{"plan", "calendar", "templates", "news"} {
		tabs = append(tabs, commsTab{Key: "comms.tab." + t, Path: hackathonPath(v.Hackathon.ID, "/comms/"+t), Active: t == tab})
	}
	v.D["Tabs"] = tabs
	v.Title = i18n.T(v.Lang, "comms.tab."+tab)
	if c, ok := sendCountsOf(r); ok {
		v.D["SendCounts"] = c
	}
	return v, true
}

// sendCounts is what the last send did, shown on the page it lands on.
type sendCounts struct{ Queued, Skipped int }

// sendCountsOf reads ?queued=N&skipped=M, as a send redirects with them.
func sendCountsOf(r *http.Request) (sendCounts, bool) {
	q := r.URL.Query()
	queued, err1 := strconv.Atoi(q.Get("queued"))
	skipped, err2 := strconv.Atoi(q.Get("skipped"))
	if err1 != nil || err2 != nil || queued < 0 || skipped < 0 {
		return sendCounts{}, false
	}
	return sendCounts{queued, skipped}, true
}

func (c *commsPages) planShow(w http.ResponseWriter, r *http.Request) {
	c.renderPlan(w, r, http.StatusOK, nil)
}

func (c *commsPages) renderPlan(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := c.view(w, r, "plan")
	if !ok {
		return
	}
	ctx := r.Context()
	plan, err := c.comm.Plan(ctx, v.Hackathon.ID, v.Lang)
	if err == nil {
		v.D["Calendar"], err = c.comm.Calendar(ctx, v.Hackathon.ID)
	}
	if err == nil {
		v.D["Trail"], err = c.comm.PlanTrail(ctx, v.Hackathon.ID)
	}
	if err != nil {
		c.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	filled := 0
	for _, s := range plan {
		v.Form.Set(s.Key, s.Value)
		if strings.TrimSpace(s.Value) != "" {
			filled++
		}
	}
	v.D["Sections"], v.D["Filled"] = plan, filled
	v.D["Help"] = blueprint.CommunicationPlanSections()
	if formErr != nil {
		v.setErrors(formErr)
		v.Form = r.PostForm
	}
	c.page(w, status, "comms_plan", v)
}

func (c *commsPages) planSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	answers := map[string]string{}
	for _, s := range blueprint.CommunicationPlanSections() {
		if r.PostForm.Has(s.Key) {
			answers[s.Key] = r.PostForm.Get(s.Key)
		}
	}
	if err := c.comm.SavePlan(r.Context(), rq.HackathonID, answers, rq.UserID()); err != nil {
		c.formFailed(w, r, err, func(st int, err error) { c.renderPlan(w, r, st, err) })
		return
	}
	flash(w, "comms.flash.plan_saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/plan"))
}

// audienceFromForm reads the audience checkboxes.
func audienceFromForm(f url.Values) commplan.Audience {
	a := commplan.Audience{Roles: []participant.ChainRole{}, Statuses: []string{}, Commitments: []string{}}
	for _, x := range f["audience_role"] {
		a.Roles = append(a.Roles, participant.ChainRole(x))
	}
	a.Statuses = append(a.Statuses, f["audience_status"]...)
	a.Commitments = append(a.Commitments, f["audience_commitment"]...)
	return a
}

// audienceForm puts an audience back into form values.
func audienceForm(a commplan.Audience, f url.Values) {
	for _, x := range a.Roles {
		f.Add("audience_role", string(x))
	}
	for _, x := range a.Statuses {
		f.Add("audience_status", x)
	}
	for _, x := range a.Commitments {
		f.Add("audience_commitment", x)
	}
}

func (c *commsPages) audienceChoices(v *view) {
	v.D["ChainRoles"] = participant.ChainRoles()
	v.D["AudienceStatuses"] = commplan.AudienceStatuses
	v.D["Commitments"] = participant.Commitments
}

func (c *commsPages) calendarList(w http.ResponseWriter, r *http.Request) {
	c.renderCalendar(w, r, http.StatusOK, nil)
}

func (c *commsPages) itemChoices(v *view, r *http.Request) error {
	ctx := r.Context()
	members, err := c.Hackathons.Members(ctx, v.Hackathon.ID)
	if err != nil {
		return err
	}
	type owner struct {
		ID   int64
		Name string
	}
	var owners []owner
	seen := map[int64]bool{}
	for _, m := range members {
		if !seen[m.UserID] {
			seen[m.UserID] = true
			owners = append(owners, owner{m.UserID, m.Name})
		}
	}
	tmpls, err := c.comm.Templates(ctx, v.Hackathon.ID)
	if err != nil {
		return err
	}
	v.D["Owners"], v.D["Templates"] = owners, tmpls
	var moments []blueprint.CommMoment // the ones sent by their own action are not planned
	for _, m := range blueprint.CommMoments() {
		if !m.System {
			moments = append(moments, m)
		}
	}
	v.D["Channels"], v.D["Statuses"], v.D["Moments"] = blueprint.CommChannels(), commplan.Statuses, moments
	c.audienceChoices(v)
	return nil
}

func (c *commsPages) renderCalendar(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := c.view(w, r, "calendar")
	if !ok {
		return
	}
	items, err := c.comm.Calendar(r.Context(), v.Hackathon.ID)
	if err == nil {
		err = c.itemChoices(v, r)
	}
	if err != nil {
		c.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	overdue := 0
	for _, it := range items {
		if it.Overdue {
			overdue++
		}
	}
	v.D["Items"], v.D["Overdue"] = items, overdue
	if formErr != nil {
		v.setErrors(formErr)
		v.Form = r.PostForm
	} else {
		v.Form.Set("channel", blueprint.ChannelEmail)
		v.Form.Set("audience_status", participant.StatusConfirmed)
	}
	c.page(w, status, "comms_calendar", v)
}

// itemFromForm reads a calendar item form; a bad date or number is a field error.
func itemFromForm(f url.Values) (commplan.ItemInput, error) {
	in := commplan.ItemInput{Moment: f.Get("moment"), Title: f.Get("title"), Channel: f.Get("channel"), Status: f.Get("status"),
		Note: f.Get("note"), Audience: audienceFromForm(f)}
	var err error
	if in.PlannedOn, err = date.Parse(f.Get("planned_on")); err != nil {
		return in, apperr.Field("planned_on", err.Error())
	}
	for _, k := range []string{"owner_id", "template_id"} {
		raw := strings.TrimSpace(f.Get(k))
		if raw == "" {
			continue
		}
		n, perr := strconv.ParseInt(raw, 10, 64)
		if perr != nil || n < 0 {
			return in, apperr.Field(k, "not a valid choice")
		}
		if k == "owner_id" {
			in.OwnerID = n
		} else {
			in.TemplateID = n
		}
	}
	return in, nil
}

func (c *commsPages) calendarCreate(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	in, err := itemFromForm(r.PostForm)
	var it *commplan.Item
	if err == nil {
		it, err = c.comm.CreateItem(r.Context(), rq.HackathonID, in, rq.UserID())
	}
	if err != nil {
		c.formFailed(w, r, err, func(st int, err error) { c.renderCalendar(w, r, st, err) })
		return
	}
	flash(w, "comms.flash.item_saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/calendar/"+strconv.FormatInt(it.ID, 10)))
}

func (c *commsPages) calendarPropose(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	res, err := c.comm.ProposeCalendarIn(r.Context(), rq.HackathonID, rq.Lang, rq.UserID())
	if err != nil {
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	switch {
	case res.Added == 0 && res.Redated > 0:
		flash(w, "comms.flash.redated")
	case len(res.Skipped) > 0:
		flash(w, "comms.flash.proposed_partly")
	case res.Added == 0:
		flash(w, "comms.flash.proposed_none")
	default:
		flash(w, "comms.flash.proposed")
	}
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/calendar"))
}

func (c *commsPages) itemShow(w http.ResponseWriter, r *http.Request) {
	c.renderItem(w, r, http.StatusOK, nil)
}

func (c *commsPages) renderItem(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := c.view(w, r, "calendar")
	if !ok {
		return
	}
	ctx := r.Context()
	id, err := httpx.PathID(r, "id")
	var it *commplan.Item
	if err == nil {
		it, err = c.comm.Item(ctx, v.Hackathon.ID, id)
	}
	if err != nil {
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	dels, err := c.comm.Deliveries(ctx, v.Hackathon.ID, id)
	if err == nil {
		v.D["Trail"], err = c.comm.ItemTrail(ctx, id)
	}
	if err == nil {
		err = c.itemChoices(v, r)
	}
	var recipients []commplan.Recipient
	if err == nil {
		recipients, err = c.comm.Recipients(ctx, v.Hackathon.ID, it.Audience)
	}
	if err == nil {
		v.D["MilestoneStatus"], err = c.milestoneStatus(r, it.Milestone)
	}
	if err != nil {
		c.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	counts := map[string]int{}
	for _, d := range dels {
		counts[d.Status]++
	}
	v.Title = it.Title
	v.D["Item"], v.D["Deliveries"], v.D["DeliveryCounts"], v.D["Recipients"] = it, dels, counts, len(recipients)
	v.D["Pending"] = len(recipients) - len(dels)
	f := url.Values{"moment": {it.Moment}, "title": {it.Title}, "planned_on": {it.PlannedOn.String()}, "channel": {it.Channel},
		"status": {it.Status}, "note": {it.Note}, "owner_id": {strconv.FormatInt(it.OwnerID, 10)}, "template_id": {strconv.FormatInt(it.TemplateID, 10)}}
	audienceForm(it.Audience, f)
	v.Form = f
	if formErr != nil {
		v.setErrors(formErr)
		if len(v.Errors) == 0 {
			v.Errors["form"] = commsConflictText(v.Lang, formErr.Error())
		}
		if r.PostForm.Has("title") {
			v.Form = r.PostForm
		}
	}
	c.page(w, status, "comms_item", v)
}

func (c *commsPages) itemSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, ok := c.postedID(w, r, "id")
	if !ok {
		return
	}
	in, err := itemFromForm(r.PostForm)
	var it *commplan.Item
	if err == nil {
		it, err = c.comm.UpdateItem(r.Context(), rq.HackathonID, id, in, rq.UserID())
	}
	if err != nil {
		c.formFailed(w, r, err, func(st int, err error) { c.renderItem(w, r, st, err) })
		return
	}
	flashSaved(w, it.MilestoneMarked, "comms.flash.item_saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/calendar/"+strconv.FormatInt(id, 10)))
}

func (c *commsPages) itemSend(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "id")
	if err != nil {
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	res, err := c.comm.Send(r.Context(), rq.HackathonID, id, c.linkBase(r), rq.UserID())
	if err != nil {
		if httpx.StatusOf(err) == http.StatusConflict {
			c.renderItem(w, r, http.StatusConflict, err)
			return
		}
		c.formFailed(w, r, err, func(st int, err error) { c.renderItem(w, r, st, err) })
		return
	}
	mark := res.Milestone
	key := "comms.flash.sent"
	if res.Queued == 0 {
		// A resend reached nobody new: say that, unless it completed the milestone now.
		key = "comms.flash.sent_none"
		if mark != nil && !mark.Done {
			mark = nil
		}
	}
	flashSaved(w, mark, key)
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/calendar/"+strconv.FormatInt(id, 10)))
}

// page renders a communication page; the audience checkboxes are checked
// from the form values.
func (c *commsPages) page(w http.ResponseWriter, status int, name string, v *view) {
	checked := map[string]bool{}
	for _, k := range []string{"audience_role", "audience_status", "audience_commitment"} {
		for _, x := range v.Form[k] {
			checked[k+":"+x] = true
		}
	}
	v.D["Checked"] = checked
	c.render(w, status, name, v)
}

func (c *commsPages) itemDelete(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "id")
	if err == nil {
		err = c.comm.DeleteItem(r.Context(), rq.HackathonID, id, rq.UserID())
	}
	if err != nil {
		if httpx.StatusOf(err) == http.StatusConflict {
			c.renderItem(w, r, http.StatusConflict, err)
			return
		}
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "comms.flash.item_deleted")
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/calendar"))
}

// calendarFeed is the communication calendar as an .ics feed.
func (c *commsPages) calendarFeed(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	h, err := c.Hackathons.Get(r.Context(), rq.HackathonID)
	var items []commplan.Item
	if err == nil {
		items, err = c.comm.Calendar(r.Context(), h.ID)
	}
	if err != nil {
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="communicatiekalender-`+strconv.FormatInt(h.ID, 10)+`.ics"`)
	w.Write([]byte(commplan.CalendarICS(h, items, c.linkBase(r), c.comm.Now())))
}

// milestoneStatus is the status of the hackathon's milestone with the
// blueprint code (of its first iteration not yet done), "" without one.
func (c *commsPages) milestoneStatus(r *http.Request, code string) (string, error) {
	if code == "" {
		return "", nil
	}
	ms, err := c.comm.Hackathons.Milestones(r.Context(), httpx.From(r).HackathonID)
	if err != nil {
		return "", err
	}
	status := ""
	for _, m := range ms {
		if m.Code == code {
			status = string(m.Status)
			if m.Status != hackathon.StatusKlaar && m.Status != hackathon.StatusNVT {
				break
			}
		}
	}
	return status, nil
}
