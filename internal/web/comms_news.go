package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/markdown"
)

func newsFromForm(f url.Values) (commplan.NewsInput, error) {
	in := commplan.NewsInput{Milestone: f.Get("milestone"), Title: f.Get("title"), Body: f.Get("body"), Status: f.Get("status")}
	var err error
	if in.PublishedOn, err = date.Parse(f.Get("published_on")); err != nil {
		return in, apperr.Field("published_on", err.Error())
	}
	return in, nil
}

func (c *commsPages) newsChoices(v *view) {
	v.D["Milestones"], v.D["NewsStatuses"] = commplan.NewsMilestones, commplan.NewsStatuses
}

func (c *commsPages) newsList(w http.ResponseWriter, r *http.Request) {
	c.renderNews(w, r, http.StatusOK, nil)
}

func (c *commsPages) renderNews(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := c.view(w, r, "news")
	if !ok {
		return
	}
	items, err := c.comm.News(r.Context(), v.Hackathon.ID)
	if err != nil {
		c.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["News"] = items
	c.newsChoices(v)
	if formErr != nil {
		v.setErrors(formErr)
		v.Form = r.PostForm
	}
	c.page(w, status, "comms_news", v)
}

func (c *commsPages) newsCreate(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	in, err := newsFromForm(r.PostForm)
	var n *commplan.NewsItem
	if err == nil {
		n, err = c.comm.CreateNews(r.Context(), rq.HackathonID, in, rq.UserID())
	}
	if err != nil {
		c.formFailed(w, r, err, func(st int, err error) { c.renderNews(w, r, st, err) })
		return
	}
	flashSaved(w, n.MilestoneMarked, "comms.flash.news_saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/news/"+strconv.FormatInt(n.ID, 10)))
}

func (c *commsPages) loadNews(w http.ResponseWriter, r *http.Request, hackathonID int64) (*commplan.NewsItem, bool) {
	id, err := httpx.PathID(r, "id")
	var n *commplan.NewsItem
	if err == nil {
		n, err = c.comm.NewsItem(r.Context(), hackathonID, id)
	}
	if err != nil {
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return nil, false
	}
	return n, true
}

func (c *commsPages) newsShow(w http.ResponseWriter, r *http.Request) {
	c.renderNewsItem(w, r, http.StatusOK, nil)
}

func (c *commsPages) renderNewsItem(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := c.view(w, r, "news")
	if !ok {
		return
	}
	n, ok := c.loadNews(w, r, v.Hackathon.ID)
	if !ok {
		return
	}
	v.Title = n.Title
	v.D["Item"] = n
	v.D["Rendered"] = markdown.Render(n.Body)
	c.newsChoices(v)
	v.Form = url.Values{"milestone": {n.Milestone}, "title": {n.Title}, "body": {n.Body}, "status": {n.Status}, "published_on": {n.PublishedOn.String()}}
	if formErr != nil {
		v.setErrors(formErr)
		v.Form = r.PostForm
	}
	c.page(w, status, "comms_news_item", v)
}

func (c *commsPages) newsSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, ok := c.postedID(w, r, "id")
	if !ok {
		return
	}
	in, err := newsFromForm(r.PostForm)
	var n *commplan.NewsItem
	if err == nil {
		n, err = c.comm.UpdateNews(r.Context(), rq.HackathonID, id, in, rq.UserID())
	}
	if err != nil {
		c.formFailed(w, r, err, func(st int, err error) { c.renderNewsItem(w, r, st, err) })
		return
	}
	flashSaved(w, n.MilestoneMarked, "comms.flash.news_saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/news/"+strconv.FormatInt(id, 10)))
}

// newsExport downloads a news item as a standalone HTML page or as Markdown.
func (c *commsPages) newsExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rq := httpx.From(r)
		h, err := c.Hackathons.Get(r.Context(), rq.HackathonID)
		if err != nil {
			c.errorPage(w, r, httpx.StatusOf(err), err)
			return
		}
		n, ok := c.loadNews(w, r, h.ID)
		if !ok {
			return
		}
		name := fmt.Sprintf("nieuws-%d-%d.%s", h.ID, n.ID, format)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if format == "html" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, commplan.ExportHTML(h, n, rq.Lang))
			return
		}
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		fmt.Fprint(w, commplan.ExportMarkdown(h, n, rq.Lang))
	}
}
