package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/testday"
)

// TestdayRoutes are the API routes of the test itself: the snelcheck
// matrix and decisions, rounds with pairs, scenarios, and results.
func TestdayRoutes(d Deps) []httpx.Route {
	h := &handlers{d}
	const hk = Prefix + "/hackathons/{hid}"
	return append([]httpx.Route{
		{Method: "GET", Pattern: hk + "/snelcheck", Perm: authz.SnelcheckView, Handler: h.snelcheckMatrix},
		{Method: "POST", Pattern: hk + "/snelcheck/participants/{oid}/decision", Perm: authz.SnelcheckDecide, Handler: h.snelcheckDecide},
		{Method: "GET", Pattern: hk + "/rounds", Perm: authz.ScheduleView, Handler: h.roundList},
		{Method: "GET", Pattern: hk + "/scenarios", Perm: authz.HackathonView, Handler: h.scenarioList},
		{Method: "GET", Pattern: hk + "/results", Perm: authz.ScheduleView, Handler: h.resultList},
		{Method: "POST", Pattern: hk + "/results", Perm: authz.ResultRecord, Handler: h.resultRecord},
		{Method: "GET", Pattern: hk + "/results/matrix", Perm: authz.ScheduleView, Handler: h.resultMatrix},
	}, testdayMoreRoutes(h, hk)...)
}

func (h *handlers) testday() *testday.Service { return h.Testday }

func (h *handlers) snelcheckMatrix(w http.ResponseWriter, r *http.Request) {
	m, err := h.testday().Matrix(r.Context(), httpx.From(r).HackathonID)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, m)
}

// DecisionBody is a go / no-go / eigen_risico with its reason.
type DecisionBody struct {
	Outcome string `json:"outcome"`
	Reason  string `json:"reason"`
}

func (h *handlers) snelcheckDecide(w http.ResponseWriter, r *http.Request) {
	oid, in, ok := idAndBody[DecisionBody](w, r, "oid")
	if !ok {
		return
	}
	rq := httpx.From(r)
	res, err := h.testday().Decide(r.Context(), rq.HackathonID, oid, in.Outcome, in.Reason, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, res)
}

// RoundList is the schedule: the rounds and the pairs.
type RoundList struct {
	Rounds []testday.Round         `json:"rounds"`
	Pairs  []testday.ScheduledPair `json:"pairs"`
}

func (h *handlers) roundList(w http.ResponseWriter, r *http.Request) {
	svc, hid := h.testday(), httpx.From(r).HackathonID
	rounds, err := svc.Rounds(r.Context(), hid)
	var pairs []testday.ScheduledPair
	if err == nil {
		pairs, err = svc.Pairs(r.Context(), hid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, RoundList{Rounds: nonNil(rounds), Pairs: nonNil(pairs)})
}

// scenarioList: the current versions; concepts only for who writes them.
func (h *handlers) scenarioList(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	all, err := h.testday().CurrentScenarios(r.Context(), rq.HackathonID)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	out := []testday.Scenario{}
	for _, sc := range all {
		if sc.Status == testday.ScenarioFinal || rq.Can(authz.ScenarioEdit) {
			out = append(out, sc)
		}
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

func (h *handlers) resultList(w http.ResponseWriter, r *http.Request) {
	rs, err := h.testday().Results(r.Context(), httpx.From(r).HackathonID)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, nonNil(rs))
}

// resultRecord: organisers and the logging team record for any pair, a
// participant only for its own pairs (else 404).
func (h *handlers) resultRecord(w http.ResponseWriter, r *http.Request) {
	var in testday.ResultInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq, svc := httpx.From(r), h.testday()
	if !rq.Can(authz.ScheduleView) {
		org, err := svc.OrgOfMember(r.Context(), rq.HackathonID, rq.UserID())
		if err != nil {
			httpx.WriteError(w, r, err)
			return
		}
		if ok, err := svc.InPair(r.Context(), rq.HackathonID, in.PairID, org); err != nil || !ok {
			if err == nil || len(apperr.Fields(err)) > 0 {
				err = apperr.ErrNotFound
			}
			httpx.WriteError(w, r, err)
			return
		}
	}
	res, err := svc.RecordResult(r.Context(), rq.HackathonID, in, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, res)
}

func (h *handlers) resultMatrix(w http.ResponseWriter, r *http.Request) {
	m, err := h.testday().ResultsMatrix(r.Context(), httpx.From(r).HackathonID)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, m)
}
