package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/testday"
)

// done answers a POST: field errors re-render the page they came from,
// other errors show the error page, success redirects with a flash.
func (p *testdayPages) done(w http.ResponseWriter, r *http.Request, err error, rerender func(http.ResponseWriter, *http.Request, int, error), to, flashKey string) {
	if err != nil {
		if _, conflict := err.(*apperr.Conflict); conflict || len(apperr.Fields(err)) > 0 {
			rerender(w, r, httpx.StatusOf(err), err)
			return
		}
		p.fail(w, r, err)
		return
	}
	flash(w, flashKey)
	redirect(w, r, to)
}

func (p *testdayPages) drawUp(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	_, err := p.svc.DrawUp(r.Context(), rq.HackathonID, rq.UserID())
	p.done(w, r, err, p.renderLists, snelcheckPath(rq.HackathonID, "/lists"), "snelcheck.flash.drawn_up")
}

func (p *testdayPages) establish(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	_, err := p.svc.Establish(r.Context(), rq.HackathonID, rq.UserID())
	p.done(w, r, err, p.renderLists, snelcheckPath(rq.HackathonID, "/lists"), "snelcheck.flash.established")
}

func itemInput(r *http.Request) testday.ItemInput {
	in := testday.ItemInput{Title: r.PostForm.Get("title"), Kind: r.PostForm.Get("kind"), AutoCheck: r.PostForm.Get("auto_check")}
	if d, err := date.Parse(r.PostForm.Get("deadline")); err == nil {
		in.Deadline = d
	}
	return in
}

// chainRole reads {role} from the path; false when it has answered (404).
func (p *testdayPages) chainRole(w http.ResponseWriter, r *http.Request) (blueprint.ChainRole, bool) {
	role, err := blueprint.ParseChainRole(r.PathValue("role"))
	if err != nil {
		p.fail(w, r, apperr.ErrNotFound)
		return "", false
	}
	return role, true
}

func (p *testdayPages) itemAdd(w http.ResponseWriter, r *http.Request) {
	rq, _, ok := p.action(w, r, "")
	if !ok {
		return
	}
	role, ok := p.chainRole(w, r)
	if !ok {
		return
	}
	_, err := p.svc.AddItem(r.Context(), rq.HackathonID, role, itemInput(r), rq.UserID())
	p.done(w, r, err, p.renderLists, snelcheckPath(rq.HackathonID, "/lists"), "snelcheck.flash.saved")
}

func (p *testdayPages) itemSave(w http.ResponseWriter, r *http.Request) {
	rq, id, ok := p.action(w, r, "id")
	if !ok {
		return
	}
	_, err := p.svc.UpdateItem(r.Context(), rq.HackathonID, id, itemInput(r), rq.UserID())
	p.done(w, r, err, p.renderLists, snelcheckPath(rq.HackathonID, "/lists"), "snelcheck.flash.saved")
}

func (p *testdayPages) itemDelete(w http.ResponseWriter, r *http.Request) {
	rq, id, ok := p.action(w, r, "id")
	if !ok {
		return
	}
	err := p.svc.DeleteItem(r.Context(), rq.HackathonID, id, rq.UserID())
	p.done(w, r, err, p.renderLists, snelcheckPath(rq.HackathonID, "/lists"), "snelcheck.flash.deleted")
}

func (p *testdayPages) faqSave(w http.ResponseWriter, r *http.Request) {
	rq, _, ok := p.action(w, r, "")
	if !ok {
		return
	}
	role, ok := p.chainRole(w, r)
	if !ok {
		return
	}
	err := p.svc.SaveFAQ(r.Context(), rq.HackathonID, role, r.PostForm.Get("faq"), rq.UserID())
	p.done(w, r, err, p.renderLists, snelcheckPath(rq.HackathonID, "/lists"), "snelcheck.flash.saved")
}

func (p *testdayPages) applyAll(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	_, err := p.svc.ApplyAll(r.Context(), rq.HackathonID, rq.UserID())
	p.done(w, r, err, p.renderMatrix, snelcheckPath(rq.HackathonID, ""), "snelcheck.flash.applied")
}

func participantPath(hid, oid int64) string {
	return snelcheckPath(hid, "/participants/"+strconv.FormatInt(oid, 10))
}

func (p *testdayPages) apply(w http.ResponseWriter, r *http.Request) {
	rq, oid, ok := p.action(w, r, "oid")
	if !ok {
		return
	}
	in := testday.ParticipantInput{Endpoint: r.PostForm.Get("endpoint"), Services: r.PostForm["services"]}
	in.DVAOrgID, _ = strconv.ParseInt(r.PostForm.Get("dva_organisation_id"), 10, 64)
	_, err := p.svc.Apply(r.Context(), rq.HackathonID, oid, in, rq.UserID())
	p.done(w, r, err, p.renderParticipant, participantPath(rq.HackathonID, oid), "snelcheck.flash.saved")
}

func (p *testdayPages) runAll(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	_, err := p.svc.RunAutomated(r.Context(), rq.HackathonID, nil, rq.UserID())
	p.done(w, r, err, p.renderMatrix, snelcheckPath(rq.HackathonID, ""), "snelcheck.flash.ran")
}

func (p *testdayPages) runOne(w http.ResponseWriter, r *http.Request) {
	rq, oid, ok := p.action(w, r, "oid")
	if !ok {
		return
	}
	_, err := p.svc.RunAutomated(r.Context(), rq.HackathonID, []int64{oid}, rq.UserID())
	p.done(w, r, err, p.renderParticipant, participantPath(rq.HackathonID, oid), "snelcheck.flash.ran")
}

func (p *testdayPages) verify(w http.ResponseWriter, r *http.Request) {
	rq, cid, ok := p.action(w, r, "cid")
	if !ok {
		return
	}
	c, err := p.svc.Verify(r.Context(), rq.HackathonID, cid, testday.Status(r.PostForm.Get("status")), r.PostForm.Get("note"), rq.UserID())
	if err != nil {
		p.fail(w, r, err)
		return
	}
	flash(w, "snelcheck.flash.saved")
	redirect(w, r, participantPath(rq.HackathonID, c.OrgID))
}

func (p *testdayPages) decide(w http.ResponseWriter, r *http.Request) {
	rq, oid, ok := p.action(w, r, "oid")
	if !ok {
		return
	}
	_, err := p.svc.Decide(r.Context(), rq.HackathonID, oid, r.PostForm.Get("outcome"), r.PostForm.Get("reason"), rq.UserID())
	back := participantPath(rq.HackathonID, oid)
	if strings.HasSuffix(r.PostForm.Get("back"), "matrix") {
		back = snelcheckPath(rq.HackathonID, "")
	}
	p.done(w, r, err, p.renderParticipant, back, "snelcheck.flash.decided")
}

func (p *testdayPages) notifyOne(w http.ResponseWriter, r *http.Request) {
	rq, oid, ok := p.action(w, r, "oid")
	if !ok {
		return
	}
	_, err := p.svc.Notify(r.Context(), rq.HackathonID, []int64{oid}, p.linkBase(r), rq.UserID())
	p.done(w, r, err, p.renderParticipant, participantPath(rq.HackathonID, oid), "snelcheck.flash.told")
}

func (p *testdayPages) notifyAll(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	_, err := p.svc.Notify(r.Context(), rq.HackathonID, nil, p.linkBase(r), rq.UserID())
	p.done(w, r, err, p.renderMatrix, snelcheckPath(rq.HackathonID, ""), "snelcheck.flash.told")
}

// finalList fixes the final list of participants (3B).
func (p *testdayPages) finalList(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	_, _, err := p.svc.FixFinalList(r.Context(), rq.HackathonID, rq.UserID())
	p.done(w, r, err, p.renderMatrix, snelcheckPath(rq.HackathonID, ""), "snelcheck.flash.final_list")
}
