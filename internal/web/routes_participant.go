package web

import (
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/participant"
)

// participantPages are the pages of the participant capability. Mail is
// queued in the App's outbox; serve's comms.Worker sends it.
type participantPages struct {
	*Server
	svc    *participant.Service
	outbox *comms.Outbox
}

// participantPages are the participant pages over the App's services.
func (s *Server) participantPages() *participantPages {
	return &participantPages{Server: s, svc: s.App.Participants, outbox: s.App.Outbox}
}

// participantRoutes lists the pages of the participant capability.
func (s *Server) participantRoutes() []httpx.Route {
	p := s.participantPages()
	return []httpx.Route{
		// Public registration, without an account.
		{Method: "GET", Pattern: "/register/{hid}", Perm: authz.Public, Handler: p.registrationForm},
		{Method: "POST", Pattern: "/register/{hid}", Perm: authz.Public, Handler: p.registrationSubmit},
		{Method: "GET", Pattern: "/register/confirm/{token}", Perm: authz.Public, Handler: p.registrationConfirmPage},
		{Method: "POST", Pattern: "/register/confirm/{token}", Perm: authz.Public, Handler: p.registrationConfirm},
		{Method: "GET", Pattern: "/register/cancel/{token}", Perm: authz.Public, Handler: p.registrationCancelPage},
		{Method: "POST", Pattern: "/register/cancel/{token}", Perm: authz.Public, Handler: p.registrationCancel},
		{Method: "GET", Pattern: "/events/{hid}/calendar.ics", Perm: authz.Public, Handler: p.publicCalendar},
		// Organisers.
		{Method: "GET", Pattern: "/hackathons/{hid}/calendar.ics", Perm: authz.HackathonView, Handler: p.calendarFeed},
		{Method: "GET", Pattern: "/hackathons/{hid}/participants", Perm: authz.ParticipantView, Handler: p.participantList},
		{Method: "POST", Pattern: "/hackathons/{hid}/participants/settings", Perm: authz.ParticipantManage, Handler: p.participantSettings},
		{Method: "GET", Pattern: "/hackathons/{hid}/participants.csv", Perm: authz.ParticipantManage, Handler: p.participantListExport("csv")},
		{Method: "GET", Pattern: "/hackathons/{hid}/participants.xlsx", Perm: authz.ParticipantManage, Handler: p.participantListExport("xlsx")},
		{Method: "GET", Pattern: "/hackathons/{hid}/participants/import", Perm: authz.ParticipantManage, Handler: p.participantImport},
		{Method: "POST", Pattern: "/hackathons/{hid}/participants/import", Perm: authz.ParticipantManage, Handler: p.participantImportPost},
		{Method: "GET", Pattern: "/hackathons/{hid}/participants/{id}/export", Perm: authz.ParticipantManage, Handler: p.participantExport},
		{Method: "POST", Pattern: "/hackathons/{hid}/participants/{id}/delete", Perm: authz.ParticipantManage, Handler: p.participantDelete},
		{Method: "GET", Pattern: "/hackathons/{hid}/relations", Perm: authz.ParticipantView, Handler: p.relations},
		{Method: "POST", Pattern: "/hackathons/{hid}/relations", Perm: authz.ParticipantManage, Handler: p.commitmentSave},
		{Method: "POST", Pattern: "/hackathons/{hid}/relations/{oid}/contacts", Perm: authz.ParticipantManage, Handler: p.contactAdd},
		{Method: "GET", Pattern: "/hackathons/{hid}/outbox", Perm: authz.CommsManage, Handler: p.outboxList},
		{Method: "POST", Pattern: "/hackathons/{hid}/outbox", Perm: authz.CommsManage, Handler: p.outboxCompose},
		{Method: "POST", Pattern: "/hackathons/{hid}/outbox/{id}/retry", Perm: authz.CommsManage, Handler: p.outboxRetry},
		{Method: "GET", Pattern: "/hackathons/{hid}/outbox/{id}", Perm: authz.CommsManage, Handler: p.outboxMessage},
		{Method: "POST", Pattern: "/hackathons/{hid}/outbox/{id}/resend", Perm: authz.CommsManage, Handler: p.outboxResend},
		{Method: "POST", Pattern: "/hackathons/{hid}/outbox/{id}/set-password-link", Perm: authz.CommsManage, Handler: p.outboxSetPasswordLink},
	}
}
