package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/testday"
)

// errNoOrg: the account is not linked to an organisation in the snelcheck.
var errNoOrg = fmt.Errorf("organisation %w", apperr.ErrNotFound)

// myOrg is the organisation the participant takes part for; 0 when the
// account is not linked to one.
func (p *testdayPages) myOrg(r *http.Request) (int64, error) {
	rq := httpx.From(r)
	return p.svc.OrgOfMember(r.Context(), rq.HackathonID, rq.UserID())
}

// mine is a participant's own snelcheck list.
func (p *testdayPages) mine(w http.ResponseWriter, r *http.Request) {
	p.renderMine(w, r, http.StatusOK, nil)
}

func (p *testdayPages) renderMine(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	v.Title = i18n.T(v.Lang, "snelcheck.mine")
	org, err := p.myOrg(r)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	if org != 0 {
		part, err := p.svc.Participant(ctx, v.Hackathon.ID, org)
		if err != nil && !errors.Is(err, apperr.ErrNotFound) {
			p.fail(w, r, err)
			return
		}
		if part != nil {
			checks, err := p.svc.Checks(ctx, v.Hackathon.ID, org)
			if err != nil {
				p.fail(w, r, err)
				return
			}
			ds, err := p.svc.Decisions(ctx, v.Hackathon.ID)
			if err != nil {
				p.fail(w, r, err)
				return
			}
			sched, err := p.svc.Schedule(ctx, v.Hackathon.ID, org)
			if err != nil {
				p.fail(w, r, err)
				return
			}
			v.D["P"], v.D["Checks"], v.D["Now"], v.D["Schedule"] = part, checks, p.svc.Now(), sched
			if d := ds[org]; d.Told() {
				v.D["Decision"] = d // shown once the participant has been told
			}
		}
	}
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
		v.D["ErrCheck"] = r.PathValue("cid")
	}
	p.render(w, status, "snelcheck_mine", v)
}

// declare is the participant ticking a self-declaration item, with an
// optional link and file.
func (p *testdayPages) declare(w http.ResponseWriter, r *http.Request) {
	cid, ok := p.pathID(w, r, "cid")
	if !ok {
		return
	}
	rq := httpx.From(r)
	org, err := p.myOrg(r)
	if err != nil || org == 0 {
		p.fail(w, r, errNoOrg)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, testday.MaxFileBytes+(1<<20))
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		p.renderMine(w, r, http.StatusBadRequest, apperr.Field("file", "at most 5 MiB"))
		return
	}
	d := testday.Declaration{EvidenceURL: r.FormValue("evidence_url"), Note: r.FormValue("note")}
	if f, hdr, err := r.FormFile("file"); err == nil {
		defer f.Close()
		d.FileName = hdr.Filename
		d.File, err = io.ReadAll(io.LimitReader(f, testday.MaxFileBytes+1))
		if err != nil {
			p.errorPage(w, r, http.StatusBadRequest, err)
			return
		}
	}
	_, err = p.svc.Declare(r.Context(), rq.HackathonID, org, cid, d, rq.UserID())
	p.done(w, r, err, p.renderMine, snelcheckPath(rq.HackathonID, "/mine"), "snelcheck.flash.declared")
}

// mineRun re-runs the participant's automated items (bounded per minute).
func (p *testdayPages) mineRun(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	org, err := p.myOrg(r)
	if err != nil || org == 0 {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return
	}
	_, err = p.svc.Rerun(r.Context(), rq.HackathonID, org, rq.UserID())
	p.done(w, r, err, p.renderMine, snelcheckPath(rq.HackathonID, "/mine"), "snelcheck.flash.ran")
}

// mineFile serves the participant's own evidence file.
func (p *testdayPages) mineFile(w http.ResponseWriter, r *http.Request) {
	cid, ok := p.pathID(w, r, "cid")
	if !ok {
		return
	}
	rq := httpx.From(r)
	org, err := p.myOrg(r)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	c, err := p.svc.CheckByID(r.Context(), rq.HackathonID, cid)
	if err != nil || c.OrgID != org || org == 0 {
		p.errorPage(w, r, http.StatusNotFound, apperr.ErrNotFound)
		return
	}
	p.sendFile(w, r, rq.HackathonID, cid)
}
