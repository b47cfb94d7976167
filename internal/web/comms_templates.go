package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/httpx"
)

func templateFromForm(f url.Values) commplan.TemplateInput {
	return commplan.TemplateInput{Moment: f.Get("moment"), Language: f.Get("language"), Name: f.Get("name"), Subject: f.Get("subject"),
		Body: f.Get("body"), Format: f.Get("format"), Link: f.Get("link")}
}

func (c *commsPages) templateChoices(v *view) {
	var moments []blueprint.CommMoment
	for _, m := range blueprint.CommMoments() {
		if !m.News {
			moments = append(moments, m)
		}
	}
	v.D["Moments"], v.D["MergeFields"] = moments, commplan.MergeFields
	v.D["AccountFields"] = commplan.MomentMergeFields(commplan.MomentAccountInvitation)[len(commplan.MergeFields):]
	v.D["Formats"] = []string{commplan.FormatMarkdown, commplan.FormatText}
	c.audienceChoices(v)
}

func (c *commsPages) templateList(w http.ResponseWriter, r *http.Request) {
	c.renderTemplates(w, r, http.StatusOK, nil)
}

func (c *commsPages) renderTemplates(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := c.view(w, r, "templates")
	if !ok {
		return
	}
	tmpls, err := c.comm.Templates(r.Context(), v.Hackathon.ID)
	if err != nil {
		c.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["Templates"] = tmpls
	c.templateChoices(v)
	if formErr != nil {
		v.setErrors(formErr)
		v.Form = r.PostForm
	} else if m := r.URL.Query().Get("moment"); m != "" {
		// "new from default": the editor starts with the moment's default text.
		lang := r.URL.Query().Get("language")
		if def, ok := commplan.DefaultTemplate(m, lang); ok {
			v.Form = url.Values{"moment": {m}, "language": {lang}, "name": {def.Name}, "subject": {def.Subject}, "body": {def.Body}, "format": {commplan.FormatMarkdown}}
		}
	}
	c.page(w, status, "comms_templates", v)
}

func (c *commsPages) templateCreate(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	if err := r.ParseForm(); err != nil {
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	t, err := c.comm.CreateTemplate(r.Context(), rq.HackathonID, templateFromForm(r.PostForm), rq.UserID())
	if err != nil {
		c.formFailed(w, r, err, func(st int, err error) { c.renderTemplates(w, r, st, err) })
		return
	}
	flash(w, "comms.flash.template_saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/templates/"+strconv.FormatInt(t.ID, 10)))
}

func (c *commsPages) templateDefaults(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	n, err := c.comm.EnsureDefaultTemplates(r.Context(), rq.HackathonID, rq.UserID())
	if err != nil {
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	if n == 0 {
		flash(w, "comms.flash.defaults_none")
	} else {
		flash(w, "comms.flash.defaults_added")
	}
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/templates"))
}

func (c *commsPages) templateShow(w http.ResponseWriter, r *http.Request) {
	c.renderTemplate(w, r, http.StatusOK, nil, nil)
}

// renderTemplate shows the editor with a preview for the sample
// recipient: of what was entered when in is set, else of the saved template.
func (c *commsPages) renderTemplate(w http.ResponseWriter, r *http.Request, status int, in *commplan.TemplateInput, formErr error) {
	v, ok := c.view(w, r, "templates")
	if !ok {
		return
	}
	id, err := httpx.PathID(r, "id")
	var t *commplan.Template
	if err == nil {
		t, err = c.comm.Template(r.Context(), v.Hackathon.ID, id)
	}
	if err != nil {
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	c.templateChoices(v)
	v.Title = t.Name
	v.D["Template"] = t
	if in == nil {
		in = &commplan.TemplateInput{Moment: t.Moment, Language: t.Language, Name: t.Name, Subject: t.Subject, Body: t.Body, Format: t.Format, Link: t.Link}
	}
	v.Form = url.Values{"moment": {in.Moment}, "language": {in.Language}, "name": {in.Name}, "subject": {in.Subject}, "body": {in.Body},
		"format": {in.Format}, "link": {in.Link}}
	if formErr != nil {
		v.setErrors(formErr)
		if len(v.Errors) == 0 {
			v.Errors["form"] = commsConflictText(v.Lang, formErr.Error())
		}
		if r.PostForm.Has("audience_status") || r.PostForm.Has("audience_role") || r.PostForm.Has("audience_commitment") {
			audienceForm(audienceFromForm(r.PostForm), v.Form)
		}
	}
	if prev, perr := c.comm.Preview(v.Hackathon, *in, c.linkBase(r)); perr == nil {
		v.D["Preview"] = prev
		v.D["PreviewHTML"] = template.HTML(prev.Fragment) //nolint:gosec // rendered safely by commplan.Render
	}
	v.D["Sample"] = commplan.SampleRecipient
	c.page(w, status, "comms_template", v)
}

func (c *commsPages) templateSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, ok := c.postedID(w, r, "id")
	if !ok {
		return
	}
	in := templateFromForm(r.PostForm)
	if r.PostForm.Get("action") == "preview" {
		// Preview only: nothing is saved; unknown merge fields are shown at their field.
		h, herr := c.Hackathons.Get(r.Context(), rq.HackathonID)
		if herr != nil {
			c.errorPage(w, r, httpx.StatusOf(herr), herr)
			return
		}
		if _, perr := c.comm.Preview(h, in, c.linkBase(r)); perr != nil {
			c.formFailed(w, r, perr, func(st int, err error) { c.renderTemplate(w, r, st, &in, err) })
			return
		}
		c.renderTemplate(w, r, http.StatusOK, &in, nil)
		return
	}
	if _, err := c.comm.UpdateTemplate(r.Context(), rq.HackathonID, id, in, rq.UserID()); err != nil {
		c.formFailed(w, r, err, func(st int, err error) { c.renderTemplate(w, r, st, &in, err) })
		return
	}
	flash(w, "comms.flash.template_saved")
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/templates/"+strconv.FormatInt(id, 10)))
}

// templateSend sends a saved template straight to an audience; the send
// is recorded as an item of today in the calendar.
func (c *commsPages) templateSend(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, ok := c.postedID(w, r, "id")
	if !ok {
		return
	}
	res, err := c.comm.SendTemplate(r.Context(), rq.HackathonID, id, audienceFromForm(r.PostForm), r.PostForm.Get("resend") == "1", c.linkBase(r), rq.UserID())
	if err != nil {
		c.formFailed(w, r, err, func(st int, err error) { c.renderTemplate(w, r, st, nil, err) })
		return
	}
	// The page the send lands on says how many were queued and skipped.
	counts := fmt.Sprintf("?queued=%d&skipped=%d", res.Queued, res.Skipped)
	if res.ItemID == 0 {
		flash(w, "comms.flash.sent_none")
		redirect(w, r, hackathonPath(rq.HackathonID, "/comms/templates/"+strconv.FormatInt(id, 10))+counts)
		return
	}
	flash(w, "comms.flash.sent")
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/calendar/"+strconv.FormatInt(res.ItemID, 10))+counts)
}

func (c *commsPages) templateDelete(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	id, err := httpx.PathID(r, "id")
	if err == nil {
		err = c.comm.DeleteTemplate(r.Context(), rq.HackathonID, id, rq.UserID())
	}
	if err != nil {
		if httpx.StatusOf(err) == http.StatusConflict {
			c.renderTemplate(w, r, http.StatusConflict, nil, err)
			return
		}
		c.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "comms.flash.template_deleted")
	redirect(w, r, hackathonPath(rq.HackathonID, "/comms/templates"))
}
