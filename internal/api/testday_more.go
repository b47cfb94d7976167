package api

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/testday"
)

// testdayMoreRoutes: the table layout, the final list (3B), the re-run
// for an extra day (7A) and the dossier versions of a scenario.
func testdayMoreRoutes(h *handlers, hk string) []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: hk + "/rounds/tables", Perm: authz.ScheduleView, Handler: h.tableList},
		{Method: "POST", Pattern: hk + "/rounds/tables", Perm: authz.ScheduleEdit, Handler: h.tableSave},
		{Method: "POST", Pattern: hk + "/rounds/days/{day}/snelcheck", Perm: authz.SnelcheckEdit, Handler: h.dayRerun},
		{Method: "POST", Pattern: hk + "/snelcheck/final-list", Perm: authz.ParticipantManage, Handler: h.finalList},
		{Method: "GET", Pattern: hk + "/scenarios/{id}/dossiers", Perm: authz.HackathonView, Handler: h.scenarioDossiers},
		{Method: "POST", Pattern: hk + "/scenarios/{id}/dossiers", Perm: authz.ScenarioEdit, Handler: h.scenarioDossiersSet},
	}
}

func (h *handlers) tableList(w http.ResponseWriter, r *http.Request) {
	ts, err := h.testday().Tables(r.Context(), httpx.From(r).HackathonID)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, nonNil(ts))
}

func (h *handlers) tableSave(w http.ResponseWriter, r *http.Request) {
	var in testday.TableInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	t, err := h.testday().SaveTable(r.Context(), rq.HackathonID, in, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, t)
}

// EmptyBody is the body of an action that takes no input.
type EmptyBody struct{}

func (h *handlers) dayRerun(w http.ResponseWriter, r *http.Request) {
	var in EmptyBody
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	day, err := strconv.Atoi(r.PathValue("day"))
	if err != nil {
		day = 0 // refused naming the field
	}
	rq := httpx.From(r)
	res, err := h.testday().RerunForDay(r.Context(), rq.HackathonID, day, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, res)
}

// FinalListResult is the fixed final list and what it did to 3B.
type FinalListResult struct {
	FinalList *testday.FinalList     `json:"final_list"`
	Milestone *testday.MilestoneMark `json:"milestone"`
}

func (h *handlers) finalList(w http.ResponseWriter, r *http.Request) {
	var in EmptyBody
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	list, mark, err := h.testday().FixFinalList(r.Context(), rq.HackathonID, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, FinalListResult{FinalList: list, Milestone: mark})
}

// scenarioDossiers: a concept scenario's dossiers only for who writes
// scenarios (as its page), else 404.
func (h *handlers) scenarioDossiers(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.PathID(r, "id")
	rq := httpx.From(r)
	var sc *testday.Scenario
	if err == nil {
		sc, err = h.testday().Scenario(r.Context(), rq.HackathonID, id)
	}
	if err == nil && sc.Status != testday.ScenarioFinal && !rq.Can(authz.ScenarioEdit) {
		err = apperr.ErrNotFound
	}
	var ds []testday.DossierRef
	if err == nil {
		ds, err = h.testday().ScenarioDossiers(r.Context(), rq.HackathonID, id)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, nonNil(ds))
}

// DossierLinks are the dossier versions a scenario uses.
type DossierLinks struct {
	VersionIDs []int64 `json:"dossier_version_ids"`
}

func (h *handlers) scenarioDossiersSet(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndBody[DossierLinks](w, r, "id")
	if !ok {
		return
	}
	rq := httpx.From(r)
	ds, err := h.testday().LinkDossiers(r.Context(), rq.HackathonID, id, in.VersionIDs, rq.UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, nonNil(ds))
}
