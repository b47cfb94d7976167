package blueprint

import "time"

// CommMoment is a moment in the blueprint at which participants or
// stakeholders are informed (annex 4, milestones 2C, 2F, 3B, 5B, 5C, 6B,
// 6C, 9E and 9F). The communication calendar proposes one planned message
// per moment, dated relative to the hackathon's dates.
type CommMoment struct {
	Key       string // stable code key, e.g. "kickoff_invitation"
	Milestone string // the milestone the message serves
	Title     Text
	Help      Text
	// Proposed date: OffsetDays after the Anchor date of the hackathon.
	Anchor     DueAnchor
	OffsetDays int
	Channel    string // proposed channel (see CommChannels)
	News       bool   // a news item (6C, 9F) rather than a message
	// System: the message is sent by a ketentest action (e.g. creating
	// accounts, 4E) with its own links, not planned in the calendar; its
	// template is editable like any other.
	System bool
}

// Communication channels of a planned message.
const (
	ChannelEmail       = "email"
	ChannelNieuwsbrief = "nieuwsbrief"
	ChannelWebsite     = "website"
	ChannelLinkedIn    = "linkedin"
	ChannelPersoonlijk = "persoonlijk" // direct contact by an organisation's supplier manager
	ChannelAnders      = "anders"
)

// CommChannels lists the channels in display order.
func CommChannels() []string {
	return []string{ChannelEmail, ChannelNieuwsbrief, ChannelWebsite, ChannelLinkedIn, ChannelPersoonlijk, ChannelAnders}
}

// CommMoments returns the blueprint's communication moments in the order
// of the hackathon.
func CommMoments() []CommMoment {
	return []CommMoment{
		{Key: "aanmeldbevestiging", Milestone: "2B", Title: txt("Bevestiging van een aanmelding", "Confirmation of a registration"),
			Help:   txt("Wie de aanmelding bevestigt en een plaats heeft, krijgt meteen dit bericht met de agenda-uitnodiging.", "Who confirms the registration and has a place gets this message at once, with the calendar invitation."),
			Anchor: DueKickoff, OffsetDays: 0, Channel: ChannelEmail, System: true},
		{Key: "wachtlijst", Milestone: "2B", Title: txt("Plaats op de wachtlijst", "Place on the waiting list"),
			Help:   txt("Wie de aanmelding bevestigt terwijl de plaatsen voor zijn rol vol zijn, krijgt meteen dit bericht.", "Who confirms the registration while the places for their role are taken gets this message at once."),
			Anchor: DueKickoff, OffsetDays: 0, Channel: ChannelEmail, System: true},
		{Key: "afmelding", Milestone: "2B", Title: txt("Bevestiging van een afmelding", "Confirmation of a cancellation"),
			Help:   txt("Wie zich afmeldt via de link in de e-mail, krijgt meteen dit bericht.", "Who cancels with the link in the e-mail gets this message at once."),
			Anchor: DueKickoff, OffsetDays: 0, Channel: ChannelEmail, System: true},
		{Key: "invitation", Milestone: "2C", Title: txt("Uitnodiging om in te schrijven", "Invitation to register"),
			Help:   txt("(Potentiële) deelnemers uitnodigen via de kanalen van de betrokken partijen.", "Invite (potential) participants through the channels of the involved parties."),
			Anchor: DueKickoff, OffsetDays: -60, Channel: ChannelNieuwsbrief},
		{Key: "kickoff_invitation", Milestone: "2F", Title: txt("Uitnodiging kick-off", "Kick-off invitation"),
			Help:   txt("Deelnemers ontvangen een uitnodiging voor de kick-off.", "Participants receive an invitation to the kick-off."),
			Anchor: DueKickoff, OffsetDays: -45, Channel: ChannelEmail},
		{Key: "registration_confirmation", Milestone: "3B", Title: txt("Bevestiging van aanmeldingen", "Registration confirmation"),
			Help:   txt("Bevestigen wie er meedoet en wat er van deelnemers verwacht wordt.", "Confirm who takes part and what is expected of participants."),
			Anchor: DueKickoff, OffsetDays: -7, Channel: ChannelEmail},
		{Key: "accountuitnodiging", Milestone: "4E", Title: txt("Accountuitnodiging", "Account invitation"),
			Help:   txt("Deelnemers met een bevestigde aanmelding krijgen een account en kiezen hun wachtwoord via een eenmalige link.", "Participants with a confirmed registration get an account and choose their password through a one-time link."),
			Anchor: DueKickoff, OffsetDays: 0, Channel: ChannelEmail, System: true},
		{Key: "snelcheck_result", Milestone: "5B", Title: txt("Uitslag snelcheck", "Snelcheck result"),
			Help:   txt("Deelnemers horen of ze de snelcheck gehaald hebben; wie niet slaagt, doet mee op eigen risico.", "Participants hear whether they passed the snelcheck; who failed joins at own risk."),
			Anchor: DueDay1, OffsetDays: -5, Channel: ChannelEmail},
		{Key: "logistics", Milestone: "5C", Title: txt("Inhoudelijke en logistieke informatie", "Content and logistics information"),
			Help:   txt("Programma, locatie, parkeren en het draaiboek, tijdig gedeeld.", "Programme, location, parking and the runbook, shared in time."),
			Anchor: DueDay1, OffsetDays: -2, Channel: ChannelEmail},
		{Key: "feedback", Milestone: "6B", Title: txt("Terugkoppeling na de hackathondag", "Feedback after the day"),
			Help:   txt("Bevindingen, het vervolgproces en de acties.", "Findings, the follow-up process and the actions."),
			Anchor: DueDay1, OffsetDays: 3, Channel: ChannelEmail},
		{Key: "news_lookback", Milestone: "6C", Title: txt("Nieuwsbericht: terugblik en vervolg", "News item: look back and next steps"),
			Anchor: DueDay1, OffsetDays: 7, Channel: ChannelWebsite, News: true},
		{Key: "closing", Milestone: "9E", Title: txt("Afsluitend bericht", "Closing message"),
			Help:   txt("Resultaten, vervolgacties en het einde van het traject.", "Results, follow-up actions and the end of the track."),
			Anchor: DueLastDay, OffsetDays: 60, Channel: ChannelEmail},
		{Key: "news_closing", Milestone: "9F", Title: txt("Afsluitend nieuwsbericht", "Closing news item"),
			Anchor: DueLastDay, OffsetDays: 60, Channel: ChannelWebsite, News: true},
	}
}

// CommMomentByKey finds a moment.
func CommMomentByKey(key string) (CommMoment, bool) {
	for _, m := range CommMoments() {
		if m.Key == key {
			return m, true
		}
	}
	return CommMoment{}, false
}

// Proposed returns the moment's proposed date from the hackathon's dates,
// or the zero time when its reference date is not planned yet.
func (m CommMoment) Proposed(kickoff, day1, lastDay time.Time) time.Time {
	return DefaultDue(Milestone{DueRelativeTo: m.Anchor, DueOffsetDays: m.OffsetDays}, kickoff, day1, lastDay)
}
