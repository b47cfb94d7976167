package web

import (
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/httpx"
)

// participantRegRoutes lists the pages of organisations and people,
// organiser questions, accounts for participants (4E) and the final list.
func (s *Server) participantRegRoutes() []httpx.Route {
	p := s.participantPages()
	const hk = "/hackathons/{hid}"
	return []httpx.Route{
		{Method: "GET", Pattern: hk + "/organisations", Perm: authz.ParticipantView, Handler: p.orgList},
		{Method: "POST", Pattern: hk + "/organisations", Perm: authz.ParticipantManage, Handler: p.orgAdd},
		{Method: "GET", Pattern: hk + "/organisations/{oid}", Perm: authz.ParticipantView, Handler: p.orgShow},
		{Method: "POST", Pattern: hk + "/organisations/{oid}", Perm: authz.ParticipantManage, Handler: p.orgSave},
		{Method: "POST", Pattern: hk + "/organisations/{oid}/people", Perm: authz.ParticipantManage, Handler: p.personAdd},
		{Method: "GET", Pattern: hk + "/organisations/{oid}/people/{pid}", Perm: authz.ParticipantManage, Handler: p.personEdit},
		{Method: "POST", Pattern: hk + "/organisations/{oid}/people/{pid}", Perm: authz.ParticipantManage, Handler: p.personSave},
		{Method: "POST", Pattern: hk + "/participants/{id}/status", Perm: authz.ParticipantManage, Handler: p.registrationStatus},
		{Method: "GET", Pattern: hk + "/catering", Perm: authz.ParticipantView, Handler: p.catering},
		{Method: "GET", Pattern: hk + "/catering.csv", Perm: authz.ParticipantView, Handler: p.cateringExport("csv")},
		{Method: "GET", Pattern: hk + "/catering.xlsx", Perm: authz.ParticipantView, Handler: p.cateringExport("xlsx")},
		{Method: "GET", Pattern: hk + "/final-list.csv", Perm: authz.ParticipantManage, Handler: p.finalListExport("csv")},
		{Method: "GET", Pattern: hk + "/final-list.xlsx", Perm: authz.ParticipantManage, Handler: p.finalListExport("xlsx")},
		{Method: "GET", Pattern: hk + "/questions", Perm: authz.ParticipantManage, Handler: p.questionList},
		{Method: "POST", Pattern: hk + "/questions", Perm: authz.ParticipantManage, Handler: p.questionAdd},
		{Method: "POST", Pattern: hk + "/questions/{qid}", Perm: authz.ParticipantManage, Handler: p.questionSave},
		{Method: "POST", Pattern: hk + "/questions/{qid}/delete", Perm: authz.ParticipantManage, Handler: p.questionDelete},
		{Method: "POST", Pattern: hk + "/participants/accounts", Perm: authz.ParticipantManage, Handler: p.accountsCreate},
		// The one-time link of the invitation mail: public, the token is the proof.
		{Method: "GET", Pattern: "/account/set-password/{token}", Perm: authz.Public, Handler: p.setPasswordForm},
		{Method: "POST", Pattern: "/account/set-password/{token}", Perm: authz.Public, Handler: p.setPassword},
	}
}
