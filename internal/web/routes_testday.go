package web

import (
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/testday"
)

// testdayPages are the pages of the test itself: the snelcheck matrix and
// lists for the organisers, and each participant's own list. Links in
// result messages use the configured base URL (Server.linkBase).
type testdayPages struct {
	*Server
	svc *testday.Service
}

// testdayRoutes lists the pages of the testday capability.
func (s *Server) testdayRoutes() []httpx.Route {
	p := &testdayPages{Server: s, svc: s.App.Testday}
	const base = "/hackathons/{hid}/snelcheck"
	const rounds = "/hackathons/{hid}/rounds"
	const scen = "/hackathons/{hid}/scenarios"
	const res = "/hackathons/{hid}/results"
	return []httpx.Route{
		{Method: "GET", Pattern: base, Perm: authz.SnelcheckView, Handler: p.matrix},
		{Method: "GET", Pattern: base + "/lists", Perm: authz.SnelcheckView, Handler: p.lists},
		{Method: "POST", Pattern: base + "/lists/draw-up", Perm: authz.SnelcheckEdit, Handler: p.drawUp},
		{Method: "POST", Pattern: base + "/lists/establish", Perm: authz.SnelcheckEdit, Handler: p.establish},
		{Method: "POST", Pattern: base + "/lists/{role}/items", Perm: authz.SnelcheckEdit, Handler: p.itemAdd},
		{Method: "POST", Pattern: base + "/lists/{role}/faq", Perm: authz.SnelcheckEdit, Handler: p.faqSave},
		{Method: "POST", Pattern: base + "/items/{id}", Perm: authz.SnelcheckEdit, Handler: p.itemSave},
		{Method: "POST", Pattern: base + "/items/{id}/delete", Perm: authz.SnelcheckEdit, Handler: p.itemDelete},
		{Method: "GET", Pattern: base + "/faq/{role}", Perm: authz.HackathonView, Handler: p.faq},
		{Method: "POST", Pattern: base + "/apply-all", Perm: authz.SnelcheckEdit, Handler: p.applyAll},
		{Method: "POST", Pattern: base + "/final-list", Perm: authz.ParticipantManage, Handler: p.finalList},
		{Method: "POST", Pattern: base + "/run", Perm: authz.SnelcheckEdit, Handler: p.runAll},
		{Method: "POST", Pattern: base + "/notify", Perm: authz.SnelcheckNotify, Handler: p.notifyAll},
		{Method: "GET", Pattern: base + "/participants/{oid}", Perm: authz.SnelcheckView, Handler: p.participant},
		{Method: "POST", Pattern: base + "/participants/{oid}", Perm: authz.SnelcheckEdit, Handler: p.apply},
		{Method: "POST", Pattern: base + "/participants/{oid}/run", Perm: authz.SnelcheckEdit, Handler: p.runOne},
		{Method: "POST", Pattern: base + "/participants/{oid}/decision", Perm: authz.SnelcheckDecide, Handler: p.decide},
		{Method: "POST", Pattern: base + "/participants/{oid}/notify", Perm: authz.SnelcheckNotify, Handler: p.notifyOne},
		{Method: "POST", Pattern: base + "/checks/{cid}/verify", Perm: authz.SnelcheckDecide, Handler: p.verify},
		{Method: "GET", Pattern: base + "/checks/{cid}/file", Perm: authz.SnelcheckView, Handler: p.file},
		{Method: "GET", Pattern: base + "/mine", Perm: authz.SnelcheckOwn, Handler: p.mine},
		{Method: "POST", Pattern: base + "/mine/run", Perm: authz.SnelcheckOwn, Handler: p.mineRun},
		{Method: "POST", Pattern: base + "/mine/{cid}/declare", Perm: authz.SnelcheckOwn, Handler: p.declare},
		{Method: "GET", Pattern: base + "/mine/{cid}/file", Perm: authz.SnelcheckOwn, Handler: p.mineFile},

		{Method: "GET", Pattern: rounds, Perm: authz.ScheduleView, Handler: p.rounds},
		{Method: "POST", Pattern: rounds, Perm: authz.ScheduleEdit, Handler: p.roundAdd},
		{Method: "POST", Pattern: rounds + "/{id}/delete", Perm: authz.ScheduleEdit, Handler: p.roundDelete},
		{Method: "POST", Pattern: rounds + "/generate", Perm: authz.ScheduleEdit, Handler: p.generate},
		{Method: "POST", Pattern: rounds + "/pairs", Perm: authz.ScheduleEdit, Handler: p.pairAdd},
		{Method: "POST", Pattern: rounds + "/pairs/{id}/delete", Perm: authz.ScheduleEdit, Handler: p.pairDelete},
		{Method: "POST", Pattern: rounds + "/publish", Perm: authz.ScheduleEdit, Handler: p.publish},
		{Method: "POST", Pattern: rounds + "/days/{day}/snelcheck", Perm: authz.SnelcheckEdit, Handler: p.dayRerun},
		{Method: "POST", Pattern: rounds + "/days/{day}/feedback", Perm: authz.CommsManage, Handler: p.feedbackDay},
		{Method: "GET", Pattern: rounds + "/layout", Perm: authz.ScheduleView, Handler: p.layout},
		{Method: "POST", Pattern: rounds + "/tables", Perm: authz.ScheduleEdit, Handler: p.tableSave},
		{Method: "POST", Pattern: rounds + "/tables/{no}/delete", Perm: authz.ScheduleEdit, Handler: p.tableDelete},
		{Method: "GET", Pattern: rounds + "/participants/{oid}", Perm: authz.ScheduleView, Handler: p.participantSchedule},
		{Method: "GET", Pattern: rounds + "/participants/{oid}/schedule.ics", Perm: authz.ScheduleView, Handler: p.participantICS},
		{Method: "GET", Pattern: base + "/mine/schedule.ics", Perm: authz.SnelcheckOwn, Handler: p.mineICS},

		{Method: "GET", Pattern: scen, Perm: authz.HackathonView, Handler: p.scenarios},
		{Method: "POST", Pattern: scen, Perm: authz.ScenarioEdit, Handler: p.scenarioCreate},
		{Method: "POST", Pattern: scen + "/template", Perm: authz.ScenarioEdit, Handler: p.scenarioTemplate},
		{Method: "GET", Pattern: scen + "/{id}", Perm: authz.HackathonView, Handler: p.scenario},
		{Method: "POST", Pattern: scen + "/{id}", Perm: authz.ScenarioEdit, Handler: p.scenarioSave},
		{Method: "POST", Pattern: scen + "/{id}/advance", Perm: authz.ScenarioEdit, Handler: p.scenarioAdvance},
		{Method: "POST", Pattern: scen + "/{id}/version", Perm: authz.ScenarioEdit, Handler: p.scenarioVersion},
		{Method: "POST", Pattern: scen + "/{id}/dossiers", Perm: authz.ScenarioEdit, Handler: p.scenarioDossiers},
		{Method: "GET", Pattern: res, Perm: authz.ScheduleView, Handler: p.resultsMatrix},
		{Method: "GET", Pattern: res + "/export.csv", Perm: authz.ScheduleView, Handler: p.resultsExport("csv")},
		{Method: "GET", Pattern: res + "/export.xlsx", Perm: authz.ScheduleView, Handler: p.resultsExport("xlsx")},
		{Method: "POST", Pattern: res + "/autofill", Perm: authz.ResultReview, Handler: p.resultsAutofill},
		{Method: "GET", Pattern: res + "/pairs/{pid}", Perm: authz.ResultRecord, Handler: p.pairResults},
		{Method: "POST", Pattern: res + "/pairs/{pid}", Perm: authz.ResultRecord, Handler: p.resultRecord},
		{Method: "POST", Pattern: res + "/entries/{id}/review", Perm: authz.ResultReview, Handler: p.resultReview},
		{Method: "POST", Pattern: res + "/entries/{id}/screenshots", Perm: authz.ResultRecord, Handler: p.screenshotAdd},
		{Method: "GET", Pattern: res + "/screenshots/{id}", Perm: authz.ResultRecord, Handler: p.screenshot},
	}
}
