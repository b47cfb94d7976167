package api

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/httpx"
)

type commsHandlers struct{ Deps }

// CommsRoutes lists the communication endpoints: the plan, the calendar,
// message templates and news items. The service is built per request from
// the hackathon service's database and the mail settings of the environment.
func CommsRoutes(d Deps) []httpx.Route {
	h := &commsHandlers{d}
	const c = Prefix + "/hackathons/{hid}/comms"
	return []httpx.Route{
		{Method: "GET", Pattern: c + "/plan", Perm: authz.PlanView, Handler: h.planGet},
		{Method: "PUT", Pattern: c + "/plan", Perm: authz.CommsManage, Handler: h.planSave},
		{Method: "GET", Pattern: c + "/calendar", Perm: authz.PlanView, Handler: h.calendarList},
		{Method: "POST", Pattern: c + "/calendar", Perm: authz.CommsManage, Handler: h.itemCreate},
		{Method: "POST", Pattern: c + "/calendar/proposals", Perm: authz.CommsManage, Handler: h.calendarPropose},
		{Method: "GET", Pattern: c + "/calendar/{cid}", Perm: authz.PlanView, Handler: h.itemGet},
		{Method: "PUT", Pattern: c + "/calendar/{cid}", Perm: authz.CommsManage, Handler: h.itemUpdate},
		{Method: "DELETE", Pattern: c + "/calendar/{cid}", Perm: authz.CommsManage, Handler: h.itemDelete},
		{Method: "POST", Pattern: c + "/calendar/{cid}/send", Perm: authz.CommsManage, Handler: h.itemSend},
		{Method: "GET", Pattern: c + "/calendar/{cid}/deliveries", Perm: authz.PlanView, Handler: h.itemDeliveries},
		{Method: "GET", Pattern: c + "/templates", Perm: authz.PlanView, Handler: h.templateList},
		{Method: "POST", Pattern: c + "/templates", Perm: authz.CommsManage, Handler: h.templateCreate},
		{Method: "POST", Pattern: c + "/templates/preview", Perm: authz.PlanView, Handler: h.templatePreview},
		{Method: "GET", Pattern: c + "/templates/{tid}", Perm: authz.PlanView, Handler: h.templateGet},
		{Method: "PUT", Pattern: c + "/templates/{tid}", Perm: authz.CommsManage, Handler: h.templateUpdate},
		{Method: "DELETE", Pattern: c + "/templates/{tid}", Perm: authz.CommsManage, Handler: h.templateDelete},
		{Method: "POST", Pattern: c + "/templates/{tid}/send", Perm: authz.CommsManage, Handler: h.templateSend},
		{Method: "GET", Pattern: c + "/news", Perm: authz.PlanView, Handler: h.newsList},
		{Method: "POST", Pattern: c + "/news", Perm: authz.CommsManage, Handler: h.newsCreate},
		{Method: "GET", Pattern: c + "/news/{nid}", Perm: authz.PlanView, Handler: h.newsGet},
		{Method: "PUT", Pattern: c + "/news/{nid}", Perm: authz.CommsManage, Handler: h.newsUpdate},
		{Method: "GET", Pattern: c + "/news/{nid}/export", Perm: authz.PlanView, Handler: h.newsExport},
	}
}

func (h *commsHandlers) svc() *commplan.Service {
	return h.Comms
}

func commsURL(hid int64, sub string) string { return hackathonURL(hid) + "/comms" + sub }

// PlanDocument is the communication plan: the sections of annex 4 in order.
type PlanDocument struct {
	Sections []commplan.PlanSection `json:"sections"`
}

func (h *commsHandlers) planGet(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	plan, err := h.svc().Plan(r.Context(), rq.HackathonID, rq.Lang)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, PlanDocument{Sections: plan})
}

func (h *commsHandlers) planSave(w http.ResponseWriter, r *http.Request) {
	var in map[string]string
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	svc := h.svc()
	if err := svc.SavePlan(r.Context(), rq.HackathonID, in, rq.UserID()); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	h.planGet(w, r)
}

func (h *commsHandlers) calendarList(w http.ResponseWriter, r *http.Request) {
	items, err := h.svc().Calendar(r.Context(), httpx.From(r).HackathonID)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(items))
}

func (h *commsHandlers) itemCreate(w http.ResponseWriter, r *http.Request) {
	var in commplan.ItemInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	it, err := h.svc().CreateItem(r.Context(), rq.HackathonID, in, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	created(w, commsURL(rq.HackathonID, "/calendar/"+strconv.FormatInt(it.ID, 10)), it)
}

// ProposalsInput is the (empty) body of a proposal request.
type ProposalsInput struct{}

func decodeOptional(w http.ResponseWriter, r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return httpx.DecodeJSON(w, r, v)
}

func (h *commsHandlers) calendarPropose(w http.ResponseWriter, r *http.Request) {
	if err := decodeOptional(w, r, &ProposalsInput{}); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	res, err := h.svc().ProposeCalendarIn(r.Context(), rq.HackathonID, rq.Lang, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, res)
}

func (h *commsHandlers) itemGet(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.PathID(r, "cid")
	var it *commplan.Item
	if err == nil {
		it, err = h.svc().Item(r.Context(), httpx.From(r).HackathonID, id)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, it)
}

func (h *commsHandlers) itemUpdate(w http.ResponseWriter, r *http.Request) {
	id, in, done := idAndBody[commplan.ItemInput](w, r, "cid")
	if !done {
		return
	}
	rq := httpx.From(r)
	it, err := h.svc().UpdateItem(r.Context(), rq.HackathonID, id, in, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, it)
}

// SendInput is the (empty) body of a send request.
type SendInput struct{}

func (h *commsHandlers) itemSend(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.PathID(r, "cid")
	if err == nil {
		err = decodeOptional(w, r, &SendInput{})
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	res, err := h.svc().Send(r.Context(), rq.HackathonID, id, h.BaseURL, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, res)
}

func (h *commsHandlers) itemDeliveries(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.PathID(r, "cid")
	var ds []commplan.Delivery
	if err == nil {
		ds, err = h.svc().Deliveries(r.Context(), httpx.From(r).HackathonID, id)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(ds))
}

func (h *commsHandlers) templateList(w http.ResponseWriter, r *http.Request) {
	ts, err := h.svc().Templates(r.Context(), httpx.From(r).HackathonID)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(ts))
}

func (h *commsHandlers) templateCreate(w http.ResponseWriter, r *http.Request) {
	var in commplan.TemplateInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	t, err := h.svc().CreateTemplate(r.Context(), rq.HackathonID, in, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	created(w, commsURL(rq.HackathonID, "/templates/"+strconv.FormatInt(t.ID, 10)), t)
}

func (h *commsHandlers) templateGet(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.PathID(r, "tid")
	var t *commplan.Template
	if err == nil {
		t, err = h.svc().Template(r.Context(), httpx.From(r).HackathonID, id)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, t)
}

func (h *commsHandlers) templateUpdate(w http.ResponseWriter, r *http.Request) {
	id, in, done := idAndBody[commplan.TemplateInput](w, r, "tid")
	if !done {
		return
	}
	rq := httpx.From(r)
	t, err := h.svc().UpdateTemplate(r.Context(), rq.HackathonID, id, in, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, t)
}

func (h *commsHandlers) templatePreview(w http.ResponseWriter, r *http.Request) {
	var in commplan.TemplateInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	hk, err := h.Hackathons.Get(r.Context(), rq.HackathonID)
	var out commplan.Rendered
	if err == nil {
		out, err = h.svc().Preview(hk, in, h.BaseURL)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, out)
}

// TemplateSendInput is the audience of a template send; Resend also sends
// to whoever already had this version of the template.
type TemplateSendInput struct {
	commplan.Audience
	Resend bool `json:"resend"`
}

func (h *commsHandlers) templateSend(w http.ResponseWriter, r *http.Request) {
	id, in, done := idAndBody[TemplateSendInput](w, r, "tid")
	if !done {
		return
	}
	rq := httpx.From(r)
	res, err := h.svc().SendTemplate(r.Context(), rq.HackathonID, id, in.Audience, in.Resend, h.BaseURL, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, res)
}

func (h *commsHandlers) newsList(w http.ResponseWriter, r *http.Request) {
	ns, err := h.svc().News(r.Context(), httpx.From(r).HackathonID)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(ns))
}

func (h *commsHandlers) newsCreate(w http.ResponseWriter, r *http.Request) {
	var in commplan.NewsInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	n, err := h.svc().CreateNews(r.Context(), rq.HackathonID, in, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	created(w, commsURL(rq.HackathonID, "/news/"+strconv.FormatInt(n.ID, 10)), n)
}

func (h *commsHandlers) newsGet(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.PathID(r, "nid")
	var n *commplan.NewsItem
	if err == nil {
		n, err = h.svc().NewsItem(r.Context(), httpx.From(r).HackathonID, id)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, n)
}

func (h *commsHandlers) newsUpdate(w http.ResponseWriter, r *http.Request) {
	id, in, done := idAndBody[commplan.NewsInput](w, r, "nid")
	if !done {
		return
	}
	rq := httpx.From(r)
	n, err := h.svc().UpdateNews(r.Context(), rq.HackathonID, id, in, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, n)
}

// NewsExport is a news item as a standalone HTML page and as Markdown.
type NewsExport struct {
	HTML     string `json:"html"`
	Markdown string `json:"markdown"`
}

func (h *commsHandlers) newsExport(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "nid")
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	hk, err := h.Hackathons.Get(r.Context(), rq.HackathonID)
	var n *commplan.NewsItem
	if err == nil {
		n, err = h.svc().NewsItem(r.Context(), rq.HackathonID, id)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, NewsExport{HTML: commplan.ExportHTML(hk, n, rq.Lang), Markdown: commplan.ExportMarkdown(hk, n, rq.Lang)})
}

func (h *commsHandlers) itemDelete(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "cid")
	if err == nil {
		err = h.svc().DeleteItem(r.Context(), rq.HackathonID, id, rq.UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *commsHandlers) templateDelete(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "tid")
	if err == nil {
		err = h.svc().DeleteTemplate(r.Context(), rq.HackathonID, id, rq.UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
