package web

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/testday"
)

func scenariosPath(hid int64, sub string) string { return hackathonPath(hid, "/scenarios"+sub) }

// scenarios lists the scenarios; who does not write them sees only the
// final ones (shared with the participants).
func (p *testdayPages) scenarios(w http.ResponseWriter, r *http.Request) {
	p.renderScenarios(w, r, http.StatusOK, nil)
}

func (p *testdayPages) renderScenarios(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	all, err := p.svc.CurrentScenarios(r.Context(), v.Hackathon.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	var shown []testday.Scenario
	for _, sc := range all {
		if sc.Status == testday.ScenarioFinal || v.Req.Can(authz.ScenarioEdit) {
			shown = append(shown, sc)
		}
	}
	v.Title = i18n.T(v.Lang, "scenario.title")
	v.D["Scenarios"], v.D["Services"] = shown, testday.ServiceKeys(v.Hackathon)
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
		v.Form = r.PostForm
	}
	p.render(w, status, "scenarios", v)
}

func scenarioInput(r *http.Request) (testday.ScenarioInput, error) {
	in := testday.ScenarioInput{Title: r.PostForm.Get("title"), Service: r.PostForm.Get("service"), Variant: r.PostForm.Get("variant"),
		Description: r.PostForm.Get("description"), Dossiers: r.PostForm.Get("dossiers"), Patients: r.PostForm.Get("patients")}
	steps, err := testday.ParseSteps(r.PostForm.Get("steps"))
	in.Steps = steps
	return in, err
}

func (p *testdayPages) scenarioCreate(w http.ResponseWriter, r *http.Request) {
	rq, _, ok := p.action(w, r, "")
	if !ok {
		return
	}
	in, err := scenarioInput(r)
	var sc *testday.Scenario
	if err == nil {
		sc, err = p.svc.CreateScenario(r.Context(), rq.HackathonID, in, rq.UserID())
	}
	if err != nil {
		p.done(w, r, err, p.renderScenarios, "", "")
		return
	}
	flash(w, "rounds.flash.saved")
	redirect(w, r, scenariosPath(rq.HackathonID, "/"+strconv.FormatInt(sc.ID, 10)))
}

func (p *testdayPages) scenarioTemplate(w http.ResponseWriter, r *http.Request) {
	rq, _, ok := p.action(w, r, "")
	if !ok {
		return
	}
	_, err := p.svc.CreateFromTemplate(r.Context(), rq.HackathonID, r.PostForm.Get("template"), r.PostForm.Get("service"), rq.UserID())
	p.done(w, r, err, p.renderScenarios, scenariosPath(rq.HackathonID, ""), "rounds.flash.saved")
}

// scenario shows one scenario, printable; writers edit it here.
func (p *testdayPages) scenario(w http.ResponseWriter, r *http.Request) {
	p.renderScenario(w, r, http.StatusOK, nil)
}

func (p *testdayPages) renderScenario(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, id, ok := p.page(w, r, "id")
	if !ok {
		return
	}
	sc, err := p.svc.Scenario(r.Context(), v.Hackathon.ID, id)
	if err == nil && sc.Status != testday.ScenarioFinal && !v.Req.Can(authz.ScenarioEdit) {
		err = apperr.ErrNotFound
	}
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v.Title = sc.Title
	v.D["S"], v.D["Services"] = sc, testday.ServiceKeys(v.Hackathon)
	linked, err := p.svc.ScenarioDossiers(r.Context(), v.Hackathon.ID, sc.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v.D["Dossiers"] = linked
	if v.Req.Can(authz.ScenarioEdit) && sc.Status != testday.ScenarioFinal {
		on := map[int64]bool{}
		for _, d := range linked {
			on[d.VersionID] = true
		}
		if v.D["Choices"], err = p.svc.DossierChoices(r.Context(), v.Hackathon.ID, sc.Service); err != nil {
			p.fail(w, r, err)
			return
		}
		v.D["Linked"] = on
	}
	v.Form.Set("steps", testday.FormatSteps(sc.Steps))
	if formErr != nil {
		v.setErrors(formErr)
		v.Errors["form"] = formMessage(v.Lang, formErr)
		if r.PostForm.Has("steps") {
			v.Form = r.PostForm
		}
	}
	p.render(w, status, "scenario", v)
}

func (p *testdayPages) scenarioSave(w http.ResponseWriter, r *http.Request) {
	rq, id, ok := p.action(w, r, "id")
	if !ok {
		return
	}
	in, err := scenarioInput(r)
	if err == nil {
		_, err = p.svc.UpdateScenario(r.Context(), rq.HackathonID, id, in, rq.UserID())
	}
	p.done(w, r, err, p.renderScenario, scenariosPath(rq.HackathonID, "/"+strconv.FormatInt(id, 10)), "rounds.flash.saved")
}

func (p *testdayPages) scenarioAdvance(w http.ResponseWriter, r *http.Request) {
	rq, id, ok := p.action(w, r, "id")
	if !ok {
		return
	}
	_, err := p.svc.Advance(r.Context(), rq.HackathonID, id, r.PostForm.Get("to"), r.PostForm.Get("reviewers"), rq.UserID())
	p.done(w, r, err, p.renderScenario, scenariosPath(rq.HackathonID, "/"+strconv.FormatInt(id, 10)), "rounds.flash.saved")
}

func (p *testdayPages) scenarioVersion(w http.ResponseWriter, r *http.Request) {
	rq, id, ok := p.action(w, r, "id")
	if !ok {
		return
	}
	sc, err := p.svc.NewVersion(r.Context(), rq.HackathonID, id, rq.UserID())
	if err != nil {
		p.done(w, r, err, p.renderScenario, "", "")
		return
	}
	flash(w, "rounds.flash.saved")
	redirect(w, r, scenariosPath(rq.HackathonID, "/"+strconv.FormatInt(sc.ID, 10)))
}

// scenarioDossiers sets the dossier versions a scenario uses.
func (p *testdayPages) scenarioDossiers(w http.ResponseWriter, r *http.Request) {
	rq, id, ok := p.action(w, r, "id")
	if !ok {
		return
	}
	var ids []int64
	for _, v := range r.PostForm["dossier_version_id"] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			n = -1 // refused naming the field
		}
		ids = append(ids, n)
	}
	_, err := p.svc.LinkDossiers(r.Context(), rq.HackathonID, id, ids, rq.UserID())
	p.done(w, r, err, p.renderScenario, scenariosPath(rq.HackathonID, "/"+strconv.FormatInt(id, 10)), "rounds.flash.saved")
}
