package api

import (
	"net/http"
	"strconv"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/participant"
)

type participantHandlers struct{ Deps }

// ParticipantRoutes lists the endpoints of organisations, people,
// registrations, the organisers' questions and accounts for participants.
// The service is built per request from the hackathon service's database.
func ParticipantRoutes(d Deps) []httpx.Route {
	h := &participantHandlers{d}
	const hk = Prefix + "/hackathons/{hid}"
	return []httpx.Route{
		{Method: "GET", Pattern: hk + "/organisations", Perm: authz.ParticipantView, Handler: h.orgList},
		{Method: "POST", Pattern: hk + "/organisations", Perm: authz.ParticipantManage, Handler: h.orgCreate},
		{Method: "GET", Pattern: hk + "/organisations/{oid}", Perm: authz.ParticipantView, Handler: h.orgGet},
		{Method: "PUT", Pattern: hk + "/organisations/{oid}", Perm: authz.ParticipantManage, Handler: h.orgUpdate},
		{Method: "POST", Pattern: hk + "/organisations/{oid}/people", Perm: authz.ParticipantManage, Handler: h.personCreate},
		{Method: "PUT", Pattern: hk + "/organisations/{oid}/people/{pid}", Perm: authz.ParticipantManage, Handler: h.personUpdate},
		{Method: "GET", Pattern: hk + "/registrations", Perm: authz.ParticipantView, Handler: h.regList},
		{Method: "GET", Pattern: hk + "/registrations/{rid}", Perm: authz.ParticipantView, Handler: h.regGet},
		{Method: "POST", Pattern: hk + "/registrations/{rid}/status", Perm: authz.ParticipantManage, Handler: h.regStatus},
		{Method: "GET", Pattern: hk + "/questions", Perm: authz.ParticipantView, Handler: h.questionList},
		{Method: "POST", Pattern: hk + "/questions", Perm: authz.ParticipantManage, Handler: h.questionCreate},
		{Method: "PUT", Pattern: hk + "/questions/{qid}", Perm: authz.ParticipantManage, Handler: h.questionUpdate},
		{Method: "DELETE", Pattern: hk + "/questions/{qid}", Perm: authz.ParticipantManage, Handler: h.questionDelete},
		{Method: "GET", Pattern: hk + "/catering", Perm: authz.ParticipantView, Handler: h.catering},
		{Method: "POST", Pattern: hk + "/accounts", Perm: authz.ParticipantManage, Handler: h.accounts},
	}
}

func (h *participantHandlers) svc() *participant.Service {
	return h.Participants
}

func (h *participantHandlers) hackathon(r *http.Request) (*hackathon.Hackathon, error) {
	hid, err := hackathonID(r)
	if err != nil {
		return nil, err
	}
	return h.Hackathons.Get(r.Context(), hid)
}

// OrgCreateInput adds an organisation to the hackathon.
type OrgCreateInput struct {
	Name      string `json:"name"`
	ChainRole string `json:"chain_role"`
}

// StatusChange sets a registration's status.
type StatusChange struct {
	Status string `json:"status"`
}

func (h *participantHandlers) orgList(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var orgs []participant.Organisation
	if err == nil {
		orgs, err = h.svc().Organisations(r.Context(), hid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(orgs))
}

func (h *participantHandlers) orgGet(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var oid int64
	if err == nil {
		oid, err = httpx.PathID(r, "oid")
	}
	var o *participant.Organisation
	if err == nil {
		o, err = h.svc().Organisation(r.Context(), hid, oid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, o)
}

func (h *participantHandlers) orgCreate(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var in OrgCreateInput
	if err == nil {
		err = httpx.DecodeJSON(w, r, &in)
	}
	svc := h.svc()
	var oid int64
	if err == nil {
		oid, err = svc.AddOrganisation(r.Context(), hid, in.Name, participant.ChainRole(in.ChainRole), httpx.From(r).UserID())
	}
	var o *participant.Organisation
	if err == nil {
		o, err = svc.Organisation(r.Context(), hid, oid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	created(w, hackathonURL(hid)+"/organisations/"+strconv.FormatInt(oid, 10), o)
}

func (h *participantHandlers) orgUpdate(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var oid int64
	if err == nil {
		oid, err = httpx.PathID(r, "oid")
	}
	var in participant.OrgInput
	if err == nil {
		err = httpx.DecodeJSON(w, r, &in)
	}
	var o *participant.Organisation
	if err == nil {
		o, err = h.svc().UpdateOrganisation(r.Context(), hid, oid, in, httpx.From(r).UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, o)
}

func (h *participantHandlers) savePerson(w http.ResponseWriter, r *http.Request, pid int64) (*participant.Registration, int64, bool) {
	hk, err := h.hackathon(r)
	var oid int64
	if err == nil {
		oid, err = httpx.PathID(r, "oid")
	}
	var in participant.PersonInput
	if err == nil {
		err = httpx.DecodeJSON(w, r, &in)
	}
	var reg *participant.Registration
	if err == nil {
		reg, err = h.svc().SavePerson(r.Context(), hk, oid, pid, in, httpx.From(r).UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return nil, 0, false
	}
	return reg, hk.ID, true
}

func (h *participantHandlers) personCreate(w http.ResponseWriter, r *http.Request) {
	if reg, hid, done := h.savePerson(w, r, 0); done {
		created(w, hackathonURL(hid)+"/registrations/"+strconv.FormatInt(reg.ID, 10), reg)
	}
}

func (h *participantHandlers) personUpdate(w http.ResponseWriter, r *http.Request) {
	pid, err := httpx.PathID(r, "pid")
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if reg, _, done := h.savePerson(w, r, pid); done {
		ok(w, reg)
	}
}

func (h *participantHandlers) regList(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var regs []participant.Registration
	if err == nil {
		regs, err = h.svc().List(r.Context(), hid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if st := r.URL.Query().Get("status"); st != "" {
		var keep []participant.Registration
		for _, reg := range regs {
			if reg.Status == st {
				keep = append(keep, reg)
			}
		}
		regs = keep
	}
	ok(w, list(regs))
}

func (h *participantHandlers) regGet(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var rid int64
	if err == nil {
		rid, err = httpx.PathID(r, "rid")
	}
	var reg *participant.Registration
	if err == nil {
		reg, err = h.svc().Get(r.Context(), hid, rid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, reg)
}

func (h *participantHandlers) regStatus(w http.ResponseWriter, r *http.Request) {
	hk, err := h.hackathon(r)
	var rid int64
	if err == nil {
		rid, err = httpx.PathID(r, "rid")
	}
	var in StatusChange
	if err == nil {
		err = httpx.DecodeJSON(w, r, &in)
	}
	var reg *participant.Registration
	if err == nil {
		reg, err = h.svc().SetStatus(r.Context(), hk, rid, in.Status, h.BaseURL, httpx.From(r).UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, reg)
}

func (h *participantHandlers) questionList(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var qs []participant.Question
	if err == nil {
		qs, err = h.svc().Questions(r.Context(), hid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	for i := range qs {
		qs[i].Options = nonNil(qs[i].Options)
	}
	ok(w, list(qs))
}

func (h *participantHandlers) saveQuestion(w http.ResponseWriter, r *http.Request, id int64) (*participant.Question, bool) {
	hid, err := hackathonID(r)
	var q participant.Question
	if err == nil {
		err = httpx.DecodeJSON(w, r, &q)
	}
	var out *participant.Question
	if err == nil {
		q.ID = id
		out, err = h.svc().SaveQuestion(r.Context(), hid, q, httpx.From(r).UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return nil, false
	}
	out.Options = nonNil(out.Options)
	return out, true
}

func (h *participantHandlers) questionCreate(w http.ResponseWriter, r *http.Request) {
	if q, done := h.saveQuestion(w, r, 0); done {
		created(w, hackathonURL(q.HackathonID)+"/questions/"+strconv.FormatInt(q.ID, 10), q)
	}
}

func (h *participantHandlers) questionUpdate(w http.ResponseWriter, r *http.Request) {
	qid, err := httpx.PathID(r, "qid")
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if q, done := h.saveQuestion(w, r, qid); done {
		ok(w, q)
	}
}

func (h *participantHandlers) questionDelete(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var qid int64
	if err == nil {
		qid, err = httpx.PathID(r, "qid")
	}
	if err == nil {
		err = h.svc().DeleteQuestion(r.Context(), hid, qid, httpx.From(r).UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *participantHandlers) catering(w http.ResponseWriter, r *http.Request) {
	hk, err := h.hackathon(r)
	var days []participant.EventDay
	if err == nil {
		days, err = h.svc().Catering(r.Context(), hk)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(days))
}

func (h *participantHandlers) accounts(w http.ResponseWriter, r *http.Request) {
	hk, err := h.hackathon(r)
	var res participant.AccountsResult
	if err == nil {
		res, err = (&commsHandlers{h.Deps}).svc().CreateAccounts(r.Context(), hk, h.Accounts, h.BaseURL, httpx.From(r).UserID())
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, res)
}
