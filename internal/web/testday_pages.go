package web

import (
	"mime"
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/markdown"
	"github.com/ketentest/ketentest/internal/testday"
)

func snelcheckPath(hid int64, sub string) string { return hackathonPath(hid, "/snelcheck"+sub) }

// matrix is the coordinator's overview: participants × items per chain
// role, decisions, who has been told, and the warnings.
func (p *testdayPages) matrix(w http.ResponseWriter, r *http.Request) {
	p.renderMatrix(w, r, http.StatusOK, nil)
}

func (p *testdayPages) renderMatrix(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	m, err := p.svc.Matrix(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v.Title = i18n.T(v.Lang, "snelcheck.title")
	v.D["M"] = m
	if v.D["FinalList"], err = p.svc.FinalListOf(r.Context(), v.Hackathon.ID); err != nil {
		p.fail(w, r, err)
		return
	}
	v.D["Outcomes"] = testday.Outcomes()
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
	}
	p.render(w, status, "snelcheck", v)
}

// formMessage is the one line shown above a form for an error.
func formMessage(lang string, err error) string {
	if fs := apperr.Fields(err); len(fs) > 0 {
		field := fs[0].Field
		if k := "td.field." + field; i18n.Has(lang, k) {
			field = i18n.T(lang, k)
		}
		return field + ": " + fieldMessage(lang, fs[0].Message)
	}
	return fieldMessage(lang, err.Error())
}

// lists shows the checklists per chain role with their items and FAQ.
func (p *testdayPages) lists(w http.ResponseWriter, r *http.Request) {
	p.renderLists(w, r, http.StatusOK, nil)
}

func (p *testdayPages) renderLists(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	lists, err := p.svc.Checklists(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v.Title = i18n.T(v.Lang, "snelcheck.lists")
	v.D["Lists"] = lists
	v.D["Kinds"] = testday.Kinds()
	v.D["Autos"] = testday.AutoChecks()
	v.D["Guidance"] = blueprint.SnelcheckGuidance()
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
		v.Form = r.PostForm
	}
	p.render(w, status, "snelcheck_lists", v)
}

// faq is the FAQ page of a role's checklist, for everyone in the hackathon.
func (p *testdayPages) faq(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	role, ok := p.chainRole(w, r)
	if !ok {
		return
	}
	list, err := p.svc.Checklist(r.Context(), v.Hackathon.ID, role)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v.Title = i18n.T(v.Lang, "snelcheck.faq")
	v.D["List"] = list
	v.D["Body"] = markdown.Render(list.FAQ)
	p.render(w, http.StatusOK, "snelcheck_faq", v)
}

// participant is one participant's snelcheck for the coordinators: its
// items with evidence, the verdict forms, its settings and decision.
func (p *testdayPages) participant(w http.ResponseWriter, r *http.Request) {
	p.renderParticipant(w, r, http.StatusOK, nil)
}

func (p *testdayPages) renderParticipant(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, oid, ok := p.page(w, r, "oid")
	if !ok {
		return
	}
	ctx := r.Context()
	part, err := p.svc.Participant(ctx, v.Hackathon.ID, oid)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	checks, err := p.svc.Checks(ctx, v.Hackathon.ID, oid)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	ds, err := p.svc.Decisions(ctx, v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	parts, err := p.svc.Participants(ctx, v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	var dvas []testday.Participant
	for _, q := range parts {
		if q.ChainRole == blueprint.ChainDVA {
			dvas = append(dvas, q)
		}
	}
	v.Title = part.Name + " — " + i18n.T(v.Lang, "snelcheck.title")
	v.D["P"], v.D["Checks"], v.D["Decision"], v.D["DVAs"] = part, checks, ds[oid], dvas
	v.D["ServiceKeys"] = testday.ServiceKeys(v.Hackathon)
	v.D["Outcomes"] = testday.Outcomes()
	v.D["Now"] = p.svc.Now()
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
	}
	p.render(w, status, "snelcheck_participant", v)
}

// file serves a self-declaration's evidence file to the organisers.
func (p *testdayPages) file(w http.ResponseWriter, r *http.Request) {
	cid, ok := p.pathID(w, r, "cid")
	if ok {
		p.sendFile(w, r, httpx.From(r).HackathonID, cid)
	}
}

func (p *testdayPages) sendFile(w http.ResponseWriter, r *http.Request, hid, cid int64) {
	name, ct, data, err := p.svc.File(r.Context(), hid, cid)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(data)
}
